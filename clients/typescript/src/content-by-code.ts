// Content by clinical code, as an electronic health record asks for it: the Infobutton
// feed (MedlinePlus Connect's JSON shape), and the cause list filtered by a code, with
// each cause's codes; type-checked against the schema's generated types.
import createClient from "openapi-fetch";

import type { components, paths } from "./schema";

type Code = components["schemas"]["Code"];
type InfobuttonQuery = NonNullable<paths["/api/v1/infobutton/"]["get"]["parameters"]["query"]>;

const ICD_10_CM = "2.16.840.1.113883.6.90";

export interface Topic {
  title: string;
  url: string;
  // HTML: the summary, the source's quotes and attribution, and the medical disclaimer.
  summaryHtml: string;
  // The code that found it (the asked one, one within it, or an ancestor); null by name.
  matchedCode: string | null;
}

export async function topicsForCode(baseUrl: string, code: string): Promise<Topic[]> {
  const client = createClient<paths>({ baseUrl });
  // Annotated, so that a renamed Infobutton parameter is an error here.
  const query: InfobuttonQuery = {
    "mainSearchCriteria.v.cs": ICD_10_CM,
    "mainSearchCriteria.v.c": code,
    "informationRecipient.languageCode.c": "en",
    knowledgeResponseType: "application/json",
  };
  const { data, error, response } = await client.GET("/api/v1/infobutton/", {
    params: { query },
  });
  if (error !== undefined) throw new Error(`${response.status}: ${error.detail}`);
  // The schema has the XML form too (a string); knowledgeResponseType asked for JSON.
  if (typeof data === "string") throw new Error("Asked for JSON, got XML.");
  // A single entry is still a list.
  return data.feed.entry.map((entry) => ({
    title: entry.title._value,
    url: entry.link[0]?.href ?? "",
    summaryHtml: entry.summary._value,
    matchedCode: entry.category?.[0]?.term ?? null,
  }));
}

export async function causesCodedWith(
  baseUrl: string,
  code: string,
): Promise<{ slug: string; codes: string[] }[]> {
  const client = createClient<paths>({ baseUrl });
  const { data, error, response } = await client.GET("/api/v1/causes/", {
    params: { query: { code } },
  });
  if (error !== undefined) throw new Error(`${response.status}: ${error.detail}`);
  return data.results.map((cause) => ({
    slug: cause.slug ?? "",
    codes: (cause.codes ?? []).map((coded: Code) => `${coded.code} ${coded.display}`),
  }));
}
