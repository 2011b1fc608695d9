// Free text, as a symptom box or a "describe it" field sends it: recognition, the
// causes it ranks, and typeahead, type-checked against the schema's generated types.
import createClient from "openapi-fetch";

import type { components, paths } from "./schema";

type Recognition = components["schemas"]["Recognition"];
type TermMatch = components["schemas"]["TermMatchEnum"];
type CauseQuery = NonNullable<paths["/api/v1/causes/"]["get"]["parameters"]["query"]>;

const HOW: Record<TermMatch, string> = {
  name: "by its name",
  alternative_name: "by another name the source uses",
  lay_term: "in everyday words",
  example: "by a named example",
  fuzzy: "despite a typo",
};

export interface Reading {
  // The source's advice first: warning signs that the text names as present.
  warningSigns: string[];
  present: string[];
  absent: string[];
  // Each recognised piece of the text, with how it was read.
  marks: { start: number; end: number; slug: string; how: string }[];
  disclaimer: string;
}

export async function readText(baseUrl: string, text: string): Promise<Reading> {
  const client = createClient<paths>({ baseUrl });
  const { data, error, response } = await client.GET("/api/v1/recognize/", {
    params: { query: { text } },
  });
  if (error !== undefined) throw new Error(`${response.status}: ${error.detail}`);
  const recognition: Recognition = data;
  return {
    warningSigns: recognition.red_flags,
    present: recognition.symptoms.filter((found) => found.present).map((found) => found.slug),
    absent: recognition.symptoms.filter((found) => !found.present).map((found) => found.slug),
    marks: [...recognition.symptoms, ...recognition.causes].map((found) => ({
      start: found.start,
      end: found.end,
      slug: found.slug,
      how: HOW[found.match],
    })),
    disclaimer: recognition.disclaimer,
  };
}

export async function causesForText(
  baseUrl: string,
  text: string,
): Promise<{ slug: string; named: boolean; symptoms: string[] }[]> {
  const client = createClient<paths>({ baseUrl });
  const query: CauseQuery = { text, page_size: 100 };
  const { data, error, response } = await client.GET("/api/v1/causes/", {
    params: { query },
  });
  if (error !== undefined) throw new Error(`${response.status}: ${error.detail}`);
  return data.results.map((cause) => ({
    slug: cause.slug ?? "",
    // Null only without `text`, which this call always sends.
    named: cause.text_match?.named ?? false,
    symptoms: cause.text_match?.symptoms ?? [],
  }));
}

export async function suggestSymptoms(
  baseUrl: string,
  typed: string,
): Promise<{ slug: string; label: string; warningSign: boolean }[]> {
  const client = createClient<paths>({ baseUrl });
  const { data, error, response } = await client.GET("/api/v1/symptoms/suggest/", {
    params: { query: { q: typed } },
  });
  if (error !== undefined) throw new Error(`${response.status}: ${error.detail}`);
  return data.map((suggestion) => ({
    slug: suggestion.slug,
    // "Tingling (pins and needles)": the symptom, and the words that found it.
    label:
      suggestion.term === suggestion.name
        ? suggestion.name
        : `${suggestion.name} (${suggestion.term})`,
    warningSign: suggestion.red_flag,
  }));
}
