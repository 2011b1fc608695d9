"""
The questions of an HL7 Infobutton request (URL-based, as MedlinePlus Connect takes
them): what it is about (`mainSearchCriteria.v.*`, up to five criteria), for whom,
in which language, and in which form the answer should come.
"""

from dataclasses import dataclass
from typing import Any

from rest_framework import serializers

from .. import codes as coding
from .fields import StrictCharField

# The first criterion has no suffix; the others are numbered, as in the Infobutton
# standard: mainSearchCriteria.v.c1, mainSearchCriteria.v.c2, ...
CRITERION_SUFFIXES = ("", "1", "2", "3", "4")
VALUE_MAX_LENGTH = 200
XML = "text/xml"
JSON = "application/json"
RESPONSE_TYPES = (XML, JSON)
RECIPIENTS = ("PAT", "PROV")
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"


def code_parameter(suffix: str = "") -> str:
    return f"mainSearchCriteria.v.c{suffix}"


def system_parameter(suffix: str = "") -> str:
    return f"mainSearchCriteria.v.cs{suffix}"


def display_name_parameter(suffix: str = "") -> str:
    return f"mainSearchCriteria.v.dn{suffix}"


RECIPIENT = "informationRecipient"
LANGUAGE = "informationRecipient.languageCode.c"
RESPONSE_TYPE = "knowledgeResponseType"


@dataclass(frozen=True)
class Criterion:
    """One thing the request asks about: a code in a code system, or a display name."""

    parameter_suffix: str
    code: str | None
    system_oid: str | None
    display_name: str | None

    @property
    def system(self) -> coding.CodeSystem | None:
        """The code system, if it is one this API knows."""
        return coding.SYSTEMS_BY_OID.get(self.system_oid or "")


class InfobuttonQuerySerializer(serializers.Serializer):
    """The Infobutton parameters; their names hold dots, so the fields are built here."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields: dict[str, serializers.Field] = {}
        for suffix in CRITERION_SUFFIXES:
            which = f"criterion {suffix}" if suffix else "the first criterion"
            # A source without dots: DRF would read a dotted one as a path into objects.
            fields[code_parameter(suffix)] = StrictCharField(
                source=f"code{suffix}",
                required=False,
                max_length=VALUE_MAX_LENGTH,
                help_text=f"A code of {which}, such as R25.3 (ICD-10-CM, with or without its dot).",
            )
            fields[system_parameter(suffix)] = StrictCharField(
                source=f"system{suffix}",
                required=False,
                max_length=VALUE_MAX_LENGTH,
                help_text=(
                    f"The OID of the code system of {which}: "
                    f"{coding.SYSTEMS[coding.ICD_10_CM].oid} is ICD-10-CM. Required with a code."
                ),
            )
            fields[display_name_parameter(suffix)] = StrictCharField(
                source=f"display_name{suffix}",
                required=False,
                max_length=VALUE_MAX_LENGTH,
                help_text=f"A display name of {which}, searched where it gives no code.",
            )
        fields[RECIPIENT] = serializers.ChoiceField(
            RECIPIENTS,
            required=False,
            default="PAT",
            help_text="Who reads the answer: PAT (a patient, the default) or PROV (a provider).",
        )
        fields[LANGUAGE] = serializers.RegexField(
            LANGUAGE_PATTERN,
            source="language",
            required=False,
            max_length=35,
            help_text=(
                "The reader's language (BCP 47, such as `en` or `es`). The content is in "
                "English only for now: entries are in English whatever is asked, and the "
                "feed's `lang` says so."
            ),
        )
        fields[RESPONSE_TYPE] = serializers.ChoiceField(
            RESPONSE_TYPES,
            required=False,
            default=XML,
            error_messages={
                "invalid_choice": (
                    "“{input}” is not offered: ask for text/xml or application/json. JSONP "
                    "(application/javascript) is not offered: read the JSON with CORS."
                )
            },
            help_text=(
                "`text/xml` (the default): an Atom feed; `application/json`: the same feed as "
                "JSON, in MedlinePlus Connect's shape. JSONP is not offered (see the README)."
            ),
        )
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        criteria = []
        errors: dict[str, list[str]] = {}
        for suffix in CRITERION_SUFFIXES:
            code = (attrs.get(f"code{suffix}") or "").strip() or None
            oid = (attrs.get(f"system{suffix}") or "").strip() or None
            display_name = (attrs.get(f"display_name{suffix}") or "").strip() or None
            if code and not oid:
                errors[system_parameter(suffix)] = [
                    "Give the code system's OID with a code "
                    f"({coding.SYSTEMS[coding.ICD_10_CM].oid} for ICD-10-CM)."
                ]
                continue
            criterion = Criterion(suffix, code, oid, display_name)
            if code and criterion.system is not None:
                normalised = coding.normalise(code)
                if not coding.is_well_formed(normalised):
                    errors[code_parameter(suffix)] = [
                        f"{code!r} is not an ICD-10-CM code such as R25.3 or a category "
                        "such as R25."
                    ]
                    continue
                criterion = Criterion(suffix, normalised, oid, display_name)
            if code or display_name:
                criteria.append(criterion)
        if errors:
            raise serializers.ValidationError(errors)
        if not criteria:
            raise serializers.ValidationError(
                {
                    code_parameter(): [
                        f"Give a code ({code_parameter()} with {system_parameter()}) or a "
                        f"display name ({display_name_parameter()})."
                    ]
                }
            )
        return {
            "criteria": criteria,
            "recipient": attrs[RECIPIENT],
            "language": attrs.get("language"),
        }
