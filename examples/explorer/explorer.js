// A frontend on another origin than the API: plain JavaScript, no build step.
// The API's address comes from `?api=` (default: `make run`'s).
const API = new URL(window.location.href).searchParams.get("api") || "http://127.0.0.1:8000";

const URGENCY = {
  see_doctor_promptly: "See a doctor: the source says it is important",
  see_doctor: "Worth talking to a doctor",
  self_care: "Changes you can make yourself",
};

async function getJSON(path, params) {
  const url = new URL(path, API);
  for (const [name, values] of Object.entries(params)) {
    for (const value of [].concat(values)) url.searchParams.append(name, value);
  }
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" } });
  } catch {
    // The browser refuses a response without CORS headers for this origin as a network error.
    throw new Error(`Could not reach the API at ${API} from this page's origin.`);
  }
  const body = await response.json();
  // Errors are problem details (RFC 9457): `detail` is for people to read.
  if (!response.ok) throw new Error(body.detail || `The API answered ${response.status}.`);
  return body;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, attributes);
  node.append(...children);
  return node;
}

// Every object of content carries its condition's disclaimer; show each one once.
function showDisclaimers(objects) {
  const disclaimers = [...new Set(objects.map((object) => object.disclaimer))];
  document.getElementById("disclaimer").textContent = disclaimers.join(" ");
}

function showError(error) {
  const status = document.getElementById("status");
  status.textContent = error.message;
  status.className = "error";
}

async function loadSymptoms() {
  const choices = document.getElementById("symptom-choices");
  const { results } = await getJSON("/api/v1/symptoms/", {
    page_size: 100,
    fields: "slug,name,red_flag,disclaimer",
  });
  showDisclaimers(results);
  choices.replaceChildren(element("legend", { textContent: "Which come with the twitching?" }));
  for (const symptom of results) {
    const box = element("input", { type: "checkbox", name: "symptom", value: symptom.slug });
    const label = element("label", {}, box, ` ${symptom.name}`);
    if (symptom.red_flag) {
      label.append(element("span", { className: "warning-sign", textContent: "warning sign" }));
    }
    choices.append(label);
  }
  choices.setAttribute("aria-busy", "false");
}

function causeItem(cause, matched) {
  const item = element(
    "li",
    { className: cause.urgency },
    element("span", { className: "cause-name", textContent: cause.name }),
    element("span", { className: "matched", textContent: matched }),
    // Null where the source does not say: show that, never a guess.
    element("span", {
      className: "urgency",
      textContent: URGENCY[cause.urgency] ?? "Urgency not stated by the source",
    }),
    element("p", { className: "summary", textContent: cause.summary }),
  );
  item.dataset.slug = cause.slug;
  if (cause.codes.length) {
    item.append(element("p", {
      className: "codes",
      textContent: cause.codes.map((code) => `${code.system} ${code.code}: ${code.display}`).join("; "),
    }));
  }
  const advice = [
    ["Lifestyle tips", cause.lifestyle_tips.map((tip) => tip.title)],
    ["Treatments", cause.treatments.map((treatment) => treatment.name)],
  ];
  for (const [heading, names] of advice) {
    if (names.length) {
      item.append(element("p", { className: "advice", textContent: `${heading}: ${names.join("; ")}` }));
    }
  }
  return item;
}

function startOver(message) {
  document.getElementById("causes").replaceChildren();
  document.getElementById("red-flags").replaceChildren();
  document.getElementById("reading").hidden = true;
  const status = document.getElementById("status");
  status.className = "";
  status.textContent = message;
}

function listCauses(results, matched) {
  document.getElementById("causes").replaceChildren(
    ...results.map((cause) => causeItem(cause, matched(cause))),
  );
  document.getElementById("status").textContent = results.length
    ? `${results.length} possible causes, the best match first.`
    : "The source names no cause for that.";
  if (results.length) showDisclaimers(results);
}

async function showCauses(event) {
  event.preventDefault();
  const symptoms = [...document.querySelectorAll("input[name=symptom]:checked")].map((box) => box.value);
  if (!symptoms.length) return startOver("Pick one or more symptoms.");
  startOver("Loading…");
  try {
    const { results } = await getJSON("/api/v1/causes/", {
      symptom: symptoms,
      expand: "lifestyle_tips,treatments",
      page_size: 100,
    });
    listCauses(results, (cause) => `${cause.matched_symptoms} of ${symptoms.length} symptoms`);
  } catch (error) {
    showError(error);
  }
}

// The causes that a clinical code names (a category, such as E61, names its codes' causes).
async function findByCode(event) {
  event.preventDefault();
  const code = document.getElementById("code").value.trim();
  if (!code) return startOver("Give an ICD-10-CM code, such as E61.2.");
  startOver("Loading…");
  try {
    const { results } = await getJSON("/api/v1/causes/", {
      code,
      expand: "lifestyle_tips,treatments",
      page_size: 100,
    });
    listCauses(results, () => `coded ${code.toUpperCase()}`);
  } catch (error) {
    showError(error);
  }
}

// The typed text with what was recognised marked. Offsets count Unicode code points,
// so the text is cut as an array of them, not of JavaScript's UTF-16 units.
function highlighted(text, recognition) {
  const points = Array.from(text);
  const marks = [
    ...recognition.symptoms.map((found) => ({ ...found, kind: found.present ? "present" : "absent" })),
    ...recognition.causes.map((found) => ({ ...found, kind: "cause" })),
  ].sort((a, b) => a.start - b.start);
  const parts = [];
  let at = 0;
  for (const found of marks) {
    if (found.start < at) continue; // the same words name a symptom and a cause
    parts.push(points.slice(at, found.start).join(""));
    parts.push(element("mark", {
      className: found.kind,
      textContent: points.slice(found.start, found.end).join(""),
      title: found.kind === "absent" ? `${found.name}: you say it is not there` : found.name,
    }));
    at = found.end;
  }
  parts.push(points.slice(at).join(""));
  return parts;
}

function showReading(text, recognition) {
  // The source's advice comes first: warning signs among what is present.
  const warnings = recognition.symptoms.filter((found) => recognition.red_flags.includes(found.slug));
  document.getElementById("red-flags").replaceChildren(...warnings.map((found) => element(
    "p",
    { className: "red-flag" },
    `${found.name} is a warning sign: the source says to see a doctor about it.`,
  )));
  document.getElementById("highlighted").replaceChildren(...highlighted(text, recognition));
  document.getElementById("found-symptoms").replaceChildren(...recognition.symptoms.map((found) => {
    const item = element("li", {
      className: found.present ? "present" : "absent",
      textContent: found.present
        ? `${found.name} (you wrote “${found.matched}”)`
        : `No ${found.name.toLowerCase()} (you wrote “${found.matched}”)`,
    });
    item.dataset.slug = found.slug;
    return item;
  }));
  document.getElementById("reading").hidden = false;
}

async function readText(event) {
  event.preventDefault();
  const text = document.getElementById("text").value;
  if (!text.trim()) return startOver("Describe what you notice, or pick one or more symptoms.");
  startOver("Loading…");
  try {
    const [recognition, { results }] = await Promise.all([
      getJSON("/api/v1/recognize/", { text }),
      getJSON("/api/v1/causes/", { text, expand: "lifestyle_tips,treatments", page_size: 100 }),
    ]);
    showReading(text, recognition);
    const present = recognition.symptoms.filter((found) => found.present).length;
    listCauses(results, (cause) => cause.text_match.named
      ? "named in your words"
      : `${cause.matched_symptoms} of ${present} symptoms`);
    if (!results.length) document.getElementById("disclaimer").textContent = recognition.disclaimer;
  } catch (error) {
    showError(error);
  }
}

document.getElementById("api-link").href = new URL("/api/docs/", API);
document.getElementById("symptoms").addEventListener("submit", showCauses);
document.getElementById("free-text").addEventListener("submit", readText);
document.getElementById("by-code").addEventListener("submit", findByCode);
loadSymptoms().catch(showError);
