"""
The answer to an HL7 Infobutton request: an Atom feed of the conditions and causes
that the request's codes or display names name, as MedlinePlus Connect answers, so
that its clients can swap only the base URL.

The feed is built once as JSON in MedlinePlus Connect's shape (an element's text is
`_value`, its attributes are keys beside it, a repeated element is a list), and the
XML form is that same tree written as Atom: `AtomRenderer`.
"""

import datetime
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from rest_framework import renderers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request

from . import codes as coding
from .caching import current_version
from .clinical import Found, named_by_code, named_by_display_name
from .models import Cause, Condition, Source
from .serializers.infobutton import (
    JSON,
    LANGUAGE,
    RECIPIENT,
    RESPONSE_TYPE,
    XML,
    Criterion,
    code_parameter,
    display_name_parameter,
    system_parameter,
)

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
MAX_ENTRIES = 10
CONTENT_LANGUAGE = "en"  # the only language of the content so far


class AtomRenderer(renderers.BaseRenderer):
    """The feed as Atom XML (RFC 4287): the JSON tree, element for element."""

    media_type = XML
    format = "xml"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> bytes:
        (name, tree), *_ = data.items()
        ElementTree.register_namespace("", ATOM_NAMESPACE)
        root = _element(name, tree)
        return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _element(name: str, tree: Any) -> ElementTree.Element:
    element = ElementTree.Element(f"{{{ATOM_NAMESPACE}}}{name}")
    for key, value in tree.items():
        if key == "_value":
            element.text = str(value)
        elif isinstance(value, dict):
            element.append(_element(key, value))
        elif isinstance(value, list):
            element.extend(_element(key, item) for item in value)
        else:
            # MedlinePlus Connect's `base` and `lang` are Atom's xml:base and xml:lang.
            attribute = f"{{{XML_NAMESPACE}}}{key}" if key in ("base", "lang") else key
            element.set(attribute, str(value))
    return element


class KnowledgeResponseTypeNegotiation(DefaultContentNegotiation):
    """
    The form of the answer is the `knowledgeResponseType` parameter's, not the Accept
    header's or DRF's `?format=`, as Infobutton clients send it. Any other value is
    answered as JSON: a problem document naming the parameter.
    """

    def select_renderer(self, request: Request, renderers: Any, format_suffix: Any = None) -> Any:
        asked = request.query_params.get(RESPONSE_TYPE) or XML
        (renderer,) = (
            renderer
            for renderer in renderers
            if renderer.media_type == (asked if asked in (XML, JSON) else JSON)
        )
        return renderer, renderer.media_type


def feed(request: Request, query: dict[str, Any]) -> dict[str, Any]:
    """The feed that answers `query` (InfobuttonQuerySerializer's validated data)."""
    found: dict[tuple[str, int], Found] = {}
    for criterion in query["criteria"]:
        for item in _found(criterion):
            found.setdefault((type(item.record).__name__, item.record.pk), item)
    items = list(found.values())[:MAX_ENTRIES]
    sources = _sources(item.record for item in items)
    return {
        "feed": {
            "base": request.build_absolute_uri(reverse("api-root")),
            "lang": CONTENT_LANGUAGE,
            "title": {"_value": settings.SPECTACULAR_SETTINGS["TITLE"], "type": "text"},
            "updated": {"_value": _moment(current_version().changed_at)},
            "id": {"_value": request.build_absolute_uri()},
            "author": {
                "name": {"_value": settings.SPECTACULAR_SETTINGS["TITLE"]},
                "uri": {"_value": request.build_absolute_uri(reverse("api-root"))},
            },
            "subtitle": {"_value": _subtitle(query["criteria"], len(items)), "type": "text"},
            "category": _context(query),
            "entry": [_entry(request, item, sources) for item in items],
        }
    }


def _found(criterion: Criterion) -> list[Found]:
    if criterion.code:
        # A code system this API does not know names nothing here: an empty feed.
        return named_by_code(criterion.code) if criterion.system else []
    assert criterion.display_name, "a criterion has a code or a display name"
    return named_by_display_name(criterion.display_name)


def _context(query: dict[str, Any]) -> list[dict[str, str]]:
    """
    The request's context, echoed as MedlinePlus Connect echoes it: each criterion's code,
    code system and display name (an empty term where not given), then the recipient.
    """
    context = []
    for criterion in query["criteria"]:
        suffix = criterion.parameter_suffix
        context += [
            {"scheme": code_parameter(suffix), "term": criterion.code or ""},
            {"scheme": system_parameter(suffix), "term": criterion.system_oid or ""},
            {"scheme": display_name_parameter(suffix), "term": criterion.display_name or ""},
        ]
    context.append({"scheme": RECIPIENT, "term": query["recipient"]})
    if query["language"]:
        context.append({"scheme": LANGUAGE, "term": query["language"]})
    return context


def _subtitle(criteria: list[Criterion], count: int) -> str:
    asked = "; ".join(
        f"{criterion.system.name if criterion.system else criterion.system_oid} {criterion.code}"
        if criterion.code
        else f"“{criterion.display_name}”"
        for criterion in criteria
    )
    return f"{count} {'entry' if count == 1 else 'entries'} for {asked}"


def _entry(request: Request, item: Found, sources: dict[str, Source]) -> dict[str, Any]:
    record = item.record
    url = _link(request, record)
    entry: dict[str, Any] = {
        "lang": CONTENT_LANGUAGE,
        "title": {"_value": record.name, "type": "text"},
        "link": [
            {
                "href": url,
                "rel": "alternate",
                "type": "text/html" if settings.INFOBUTTON_LINK_TEMPLATE else JSON,
                "title": record.name,
            }
        ],
        "id": {"_value": url},
        "updated": {"_value": _moment(record.updated_at.timestamp())},
        "summary": {"_value": _summary(record, sources), "type": "html"},
    }
    if item.code is not None:
        # Which code found it: the asked code, a code within it, or an ancestor of it.
        entry["category"] = [
            {
                "scheme": coding.SYSTEMS[item.code["system"]].oid,
                "term": item.code["code"],
                "label": item.code["display"],
            }
        ]
    return entry


def _link(request: Request, record: Condition | Cause) -> str:
    kind = "conditions" if isinstance(record, Condition) else "causes"
    if settings.INFOBUTTON_LINK_TEMPLATE:
        return settings.INFOBUTTON_LINK_TEMPLATE.format(kind=kind, slug=record.slug)
    return request.build_absolute_uri(
        reverse(f"{record._meta.model_name}-detail", args=[record.slug])
    )


def _sources(records: Iterable[Condition | Cause]) -> dict[str, Source]:
    slugs = {item["source"] for record in records for item in record.evidence}
    return {source.slug: source for source in Source.objects.filter(slug__in=slugs)}


def _summary(record: Condition | Cause, sources: dict[str, Source]) -> str:
    """The record's summary in HTML: its quotes, the sources' attribution, the disclaimer."""
    disclaimer = record.disclaimer if isinstance(record, Condition) else record.condition.disclaimer
    quoted = {item["source"] for item in record.evidence}
    return "".join(
        [
            format_html("<p>{}</p>", record.summary),
            format_html(
                "<p>What the source says:</p><ul>{}</ul>",
                format_html_join(
                    "",
                    "<li>“{}” ({})</li>",
                    ((item["quote"], item["locator"]) for item in record.evidence),
                ),
            ),
            format_html_join(
                "",
                "<p>Source: “{}” by {}, {}, {}. {}</p>",
                (
                    (
                        source.title,
                        source.author,
                        source.publisher,
                        source.published_on.isoformat(),
                        source.copyright,
                    )
                    for slug, source in sorted(sources.items())
                    if slug in quoted
                ),
            ),
            format_html("<p><strong>{}</strong></p>", disclaimer),
        ]
    )


def _moment(timestamp: float) -> str:
    """A moment as MedlinePlus Connect writes it: 2026-12-08T10:15:00Z."""
    moment = datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
