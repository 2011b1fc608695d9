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

function causeItem(cause, asked) {
  const item = element(
    "li",
    { className: cause.urgency },
    element("span", { className: "cause-name", textContent: cause.name }),
    element("span", {
      className: "matched",
      textContent: `${cause.matched_symptoms} of ${asked} symptoms`,
    }),
    // Null where the source does not say: show that, never a guess.
    element("span", {
      className: "urgency",
      textContent: URGENCY[cause.urgency] ?? "Urgency not stated by the source",
    }),
    element("p", { className: "summary", textContent: cause.summary }),
  );
  item.dataset.slug = cause.slug;
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

async function showCauses(event) {
  event.preventDefault();
  const symptoms = [...document.querySelectorAll("input[name=symptom]:checked")].map((box) => box.value);
  const list = document.getElementById("causes");
  const status = document.getElementById("status");
  list.replaceChildren();
  status.className = "";
  if (!symptoms.length) {
    status.textContent = "Pick one or more symptoms.";
    return;
  }
  status.textContent = "Loading…";
  try {
    const { results } = await getJSON("/api/v1/causes/", {
      symptom: symptoms,
      expand: "lifestyle_tips,treatments",
      page_size: 100,
    });
    list.replaceChildren(...results.map((cause) => causeItem(cause, symptoms.length)));
    status.textContent = `${results.length} possible causes, the best match first.`;
    showDisclaimers(results);
  } catch (error) {
    showError(error);
  }
}

document.getElementById("api-link").href = new URL("/api/docs/", API);
document.getElementById("symptoms").addEventListener("submit", showCauses);
loadSymptoms().catch(showError);
