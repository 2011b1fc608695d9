"""
Free-text recognition: which symptoms (present or said to be absent) and causes a
typed text names, by their names, other names, lay terms and named examples, in
any inflection and through small misspellings; and typeahead over symptoms.

words: the text's words and stems; negation: which are said to be absent;
vocabulary: the terms, matching and suggestions; index: the vocabulary of the
current content, per process. (The models use `words` to check lay terms, so
this package imports none of its modules itself.)
"""
