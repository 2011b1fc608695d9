"""
Editorial governance, as services that the API's views call:

- drafting: every write through the API is validated as it would be published and
  kept as a draft in a change set; `previewing()` shows the database as publishing a
  change set would leave it (and undoes it afterwards);
- publishing: a reviewer who wrote none of its drafts publishes a change set, all of
  it or nothing, recording its history (django-reversion) and the changes feed;
- history: an object's versions with what changed in each, and restoring one;
- feed: the public changes feed's opaque cursors.
"""
