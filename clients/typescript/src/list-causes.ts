// A frontend's use of the API, type-checked against types generated from its schema
// (src/schema.d.ts, made by `npm run generate`). A change to the schema that would
// break this code (a renamed parameter, field or enum value) fails `tsc --noEmit`.
import createClient from "openapi-fetch";

import type { components, paths } from "./schema";

type Cause = components["schemas"]["Cause"];
type CauseQuery = NonNullable<paths["/api/v1/causes/"]["get"]["parameters"]["query"]>;
type Urgency = components["schemas"]["UrgencyEnum"];

const URGENCY_LABELS: Record<Urgency, string> = {
  self_care: "Changes you can make yourself",
  seek_treatment: "Worth seeking treatment",
  see_doctor: "Worth talking to a doctor",
  see_doctor_promptly: "See a doctor",
};

export interface RankedCause {
  slug: string;
  name: string;
  urgency: string;
  matchedSymptoms: number;
  tips: string[];
  treatments: string[];
  disclaimer: string;
}

export async function causesWithSymptoms(
  baseUrl: string,
  symptoms: string[],
): Promise<RankedCause[]> {
  const client = createClient<paths>({ baseUrl });
  // Annotated, so that a parameter the schema no longer has is an error here.
  const query: CauseQuery = {
    symptom: symptoms,
    symptom_match: "any",
    expand: ["lifestyle_tips", "treatments"],
    page_size: 100,
  };
  const { data, error, response } = await client.GET("/api/v1/causes/", {
    params: { query },
  });
  if (error !== undefined) {
    // Errors are problem details: RFC 9457, with `detail` for people to read.
    throw new Error(`${response.status}: ${error.detail}`);
  }
  return data.results.map((cause: Cause) => ({
    slug: cause.slug ?? "",
    name: cause.name ?? "",
    // Null where the source does not say how urgent it is; never a guess.
    urgency: cause.urgency == null ? "Not stated by the source" : URGENCY_LABELS[cause.urgency],
    matchedSymptoms: cause.matched_symptoms ?? 0,
    tips: (cause.lifestyle_tips ?? []).map((tip) => tip.title),
    treatments: (cause.treatments ?? []).map((treatment) => treatment.name),
    disclaimer: cause.disclaimer ?? "",
  }));
}
