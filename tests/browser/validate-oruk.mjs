// Validates the Open Referral UK export that `carepack publish` writes (open-referral/services.json)
// against schemas/oruk-local-offer.schema.json, then checks what a JSON Schema cannot say:
//   - every id is used once (taxonomy terms excepted: a term is repeated, whole, in each attribute
//     that uses it, so one id must always mean the same term and one term always have the same id);
//   - every reference points at an object that exists: a service's organization_id at one of the
//     organizations; a contact's service_id, a cost option's service_id and an attribute's link_id
//     at the service they are listed under; a phone's contact_id at its contact;
//   - the ids are the name-based UUIDs (version 5) that docs/open-referral.md promises, so they stay
//     the same from one export to the next;
//   - each service's url is under the export's source, on the page of its category attribute;
//     minimum_age is not above maximum_age; a payment's value names the frequency its term does.
// Usage: node validate-oruk.mjs SERVICES_JSON SCHEMA_JSON
// Prints each problem as FILE: JSON-pointer: message, then one summary line.
// Exit 0 when valid, 1 when there are problems, 2 on a usage error (wrong arguments, a file that
// cannot be read, a schema that is not JSON or does not compile in ajv's strict mode).
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module;
const addFormats = addFormatsModule.default ?? addFormatsModule;

function usage(message) {
  if (message) console.error(`validate-oruk: ${message}`);
  console.error("usage: node validate-oruk.mjs SERVICES_JSON SCHEMA_JSON");
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.length !== 2 || args.some((a) => a === "-h" || a === "--help")) usage();
const [dataFile, schemaFile] = args;

function readText(file, what) {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    usage(`cannot read the ${what} ${file}: ${e.code ?? e.message}`);
  }
}

const dataText = readText(dataFile, "export");
const schemaText = readText(schemaFile, "schema");

let schema;
try {
  schema = JSON.parse(schemaText);
} catch (e) {
  usage(`the schema ${schemaFile} is not JSON: ${e.message}`);
}

const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true });
addFormats(ajv);
let validate;
try {
  validate = ajv.compile(schema);
} catch (e) {
  usage(`the schema ${schemaFile} does not compile: ${e.message}`);
}

const problems = [];
const report = (pointer, message) => {
  const line = `${dataFile}: ${pointer === "" ? "(root)" : pointer}: ${message}`;
  if (!problems.includes(line)) problems.push(line);
};

let data;
try {
  data = JSON.parse(dataText);
} catch (e) {
  report("", `not JSON: ${e.message}`);
  finish();
}

// ---- The schema ----------------------------------------------------------------------------

const escapePointer = (key) => String(key).replace(/~/g, "~0").replace(/\//g, "~1");
const show = (v) => JSON.stringify(v);
const typeOf = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);

function schemaMessage(err) {
  const p = err.params;
  const about = err.parentSchema?.description ? ` (${err.parentSchema.description})` : "";
  switch (err.keyword) {
    case "required":
      return [`${err.instancePath}`, `the required property "${p.missingProperty}" is missing`];
    case "additionalProperties": {
      const known = Object.keys(err.parentSchema?.properties ?? {}).join(", ");
      return [`${err.instancePath}/${escapePointer(p.additionalProperty)}`,
        `unknown property "${p.additionalProperty}"; this object may have only: ${known}`];
    }
    case "false schema":
      return [err.instancePath, "this property is not allowed here"];
    case "type":
      return [err.instancePath, `must be ${p.type}, not ${typeOf(err.data)}`];
    case "const":
      return [err.instancePath, `must be ${show(p.allowedValue)}, not ${show(err.data)}`];
    case "enum":
      return [err.instancePath, `${show(err.data)} is not one of ${p.allowedValues.map(show).join(", ")}`];
    case "format":
      return [err.instancePath, `${show(err.data)} is not a valid ${p.format}`];
    case "pattern":
      return [err.instancePath, `${show(err.data)} does not have the expected form${about}`];
    case "minLength":
      return [err.instancePath, p.limit === 1 ? "must not be empty" : `must have at least ${p.limit} characters`];
    case "minItems":
      return [err.instancePath, `has ${err.data.length} item(s); at least ${p.limit} needed`];
    case "maxItems":
      return [err.instancePath, `has ${err.data.length} item(s); at most ${p.limit} allowed`];
    case "minimum":
    case "maximum":
      return [err.instancePath, `${show(err.data)} must be ${p.comparison} ${p.limit}`];
    case "contains":
      return [err.instancePath, `must have ${err.parentSchema?.description ?? "the items the schema asks for"}`];
    default:
      return [err.instancePath, `${err.message}${about}`];
  }
}

if (!validate(data)) {
  // "must match "then" schema" only repeats the errors that come with it, and the items that do
  // not match a `contains` are not wrong for that: the `contains` error says what is.
  const containsTargets = validate.errors
    .filter((err) => err.keyword === "contains" && typeof err.schema?.$ref === "string")
    .map((err) => `${err.schema.$ref}/`);
  const fromContains = (err) =>
    /\/contains\//.test(err.schemaPath) || containsTargets.some((ref) => err.schemaPath.startsWith(ref));
  for (const err of validate.errors) {
    if (err.keyword === "if" || fromContains(err)) continue;
    const [pointer, message] = schemaMessage(err);
    report(pointer, message);
  }
}

// ---- What the schema cannot say -------------------------------------------------------------

const URL_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";  // RFC 4122, appendix C
function uuid5(name) {
  const hash = createHash("sha1")
    .update(Buffer.from(URL_NAMESPACE.replace(/-/g, ""), "hex"))
    .update(Buffer.from(name, "utf8"))
    .digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const list = (v) => (Array.isArray(v) ? v : []);
const isText = (v) => typeof v === "string" && v !== "";

const objectIds = new Map();  // id -> pointer of the object that has it
const termUses = new Map();  // term id -> Map(term as text -> [pointers])
const termIdUses = new Map();  // taxonomy and code -> Map(id -> [pointers])

function claimId(pointer, obj) {
  if (!isText(obj?.id)) return;
  const first = objectIds.get(obj.id);
  if (first !== undefined) report(`${pointer}/id`, `the id ${obj.id} is already used by ${first}`);
  else objectIds.set(obj.id, pointer);
}

function checkDerivedId(pointer, obj, name) {
  if (!isText(obj?.id) || !isText(name)) return;
  const expected = uuid5(name);
  if (obj.id !== expected)
    report(`${pointer}/id`, `is not the UUID v5 of ${show(name)} (that is ${expected}); ids must stay the same between exports`);
}

function checkBackReference(pointer, key, value, owner, ownerPointer, ownerKind) {
  if (!isText(value)) return;
  if (value === owner?.id) return;
  const elsewhere = objectIds.get(value);
  report(`${pointer}/${key}`, elsewhere
    ? `points at ${elsewhere}, not at the ${ownerKind} it is listed under (${ownerPointer})`
    : `no ${ownerKind} has the id ${value}; it should be ${owner?.id ?? "the id of " + ownerPointer}`);
}

function addUse(map, key, variant, pointer) {
  if (!map.has(key)) map.set(key, new Map());
  const variants = map.get(key);
  if (!variants.has(variant)) variants.set(variant, []);
  variants.get(variant).push(pointer);
}

function checkTerm(pointer, term, source) {
  if (!isObject(term) || !isText(term.id)) return;
  if (objectIds.has(term.id)) report(`${pointer}/id`, `the id ${term.id} is already used by ${objectIds.get(term.id)}`);
  addUse(termUses, term.id, `${show(term.taxonomy)} ${show(term.code)} ${show(term.name)}`, pointer);
  addUse(termIdUses, `${show(term.taxonomy)} ${show(term.code)}`, term.id, `${pointer}/id`);
  if (isText(source) && isText(term.taxonomy) && isText(term.code))
    checkDerivedId(pointer, term, `${source}#taxonomy:${term.taxonomy}:${term.code}`);
}

// A term is written out in each attribute that uses it: one id must always be one term, and one
// term always have one id. Where they disagree, the less used variant is reported, once.
function checkTermsAgree() {
  const byUse = (a, b) => b[1].length - a[1].length;
  for (const [id, variants] of termUses) {
    if (variants.size < 2) continue;
    const [[common, commonUses], ...others] = [...variants].sort(byUse);
    for (const [variant, uses] of others)
      report(uses[0], `the term id ${id} is ${variant} here${uses.length > 1 ? ` (and at ${uses.length - 1} more)` : ""}, but ${common} at ${commonUses[0]}${commonUses.length > 1 ? ` (and ${commonUses.length - 1} more)` : ""}; one id, one term`);
  }
  for (const [term, ids] of termIdUses) {
    if (ids.size < 2) continue;
    const [[common, commonUses], ...others] = [...ids].sort(byUse);
    for (const [id, uses] of others)
      report(uses[0], `the term ${term} has the id ${id} here${uses.length > 1 ? ` (and at ${uses.length - 1} more)` : ""}, but ${common} at ${commonUses[0]}; one term, one id`);
  }
}

if (isObject(data)) {
  const source = data.source;
  const organizations = list(data.organizations);
  const services = list(data.services);

  organizations.forEach((o, i) => claimId(`/organizations/${i}`, o));
  services.forEach((s, i) => {
    const sp = `/services/${i}`;
    claimId(sp, s);
    list(s?.contacts).forEach((c, j) => {
      claimId(`${sp}/contacts/${j}`, c);
      list(c?.phones).forEach((p, k) => claimId(`${sp}/contacts/${j}/phones/${k}`, p));
    });
    list(s?.cost_options).forEach((c, j) => claimId(`${sp}/cost_options/${j}`, c));
    list(s?.attributes).forEach((a, j) => claimId(`${sp}/attributes/${j}`, a));
  });

  const organizationIds = new Set(organizations.filter(isObject).map((o) => o.id));
  services.forEach((s, i) => {
    if (!isObject(s)) return;
    const sp = `/services/${i}`;
    if (isText(s.organization_id) && !organizationIds.has(s.organization_id))
      report(`${sp}/organization_id`, `no organization has the id ${s.organization_id}`);

    const url = s.url;
    if (isText(url)) {
      if (isText(source) && !url.startsWith(source))
        report(`${sp}/url`, `${show(url)} is not under the export's source ${show(source)}`);
      checkDerivedId(sp, s, url);
    }
    if (Number.isFinite(s.minimum_age) && Number.isFinite(s.maximum_age) && s.minimum_age > s.maximum_age)
      report(`${sp}/minimum_age`, `${s.minimum_age} is above maximum_age ${s.maximum_age}`);

    list(s.contacts).forEach((c, j) => {
      if (!isObject(c)) return;
      const cp = `${sp}/contacts/${j}`;
      checkBackReference(cp, "service_id", c.service_id, s, sp, "service");
      if (isText(url)) checkDerivedId(cp, c, `${url}#contact`);
      list(c.phones).forEach((p, k) => {
        if (!isObject(p)) return;
        const pp = `${cp}/phones/${k}`;
        checkBackReference(pp, "contact_id", p.contact_id, c, cp, "contact");
        if (isText(url)) checkDerivedId(pp, p, `${url}#phone`);
      });
    });
    list(s.cost_options).forEach((c, j) => {
      if (!isObject(c)) return;
      const cp = `${sp}/cost_options/${j}`;
      checkBackReference(cp, "service_id", c.service_id, s, sp, "service");
      if (isText(url)) checkDerivedId(cp, c, `${url}#cost`);
    });
    list(s.attributes).forEach((a, j) => {
      if (!isObject(a)) return;
      const ap = `${sp}/attributes/${j}`;
      checkBackReference(ap, "link_id", a.link_id, s, sp, "service");
      const term = isObject(a.taxonomy_term) ? a.taxonomy_term : {};
      if (isText(url) && isText(term.taxonomy)) checkDerivedId(ap, a, `${url}#attribute:${term.taxonomy}`);
      checkTerm(`${ap}/taxonomy_term`, a.taxonomy_term, source);
      if (term.taxonomy === "carepack-local-offer-category" && isText(url) && isText(term.code)) {
        const page = url.slice(0, url.indexOf("#")).split("/").pop();
        if (page !== `${term.code}.html`)
          report(`${sp}/url`, `is on the page ${show(page)}, but the service's category is ${show(term.code)}`);
      }
      if (term.taxonomy === "carepack-payment-to-young-person" && isText(a.value) && isText(term.code)) {
        const said = a.value.split(" ")[2];
        if (said !== term.code)
          report(`${ap}/value`, `says the frequency is ${show(said)}, but the term's code is ${show(term.code)}`);
      }
    });
  });
  checkTermsAgree();
}

finish();

function finish() {
  for (const line of problems) console.log(line);
  const count = (key) => (Array.isArray(data?.[key]) ? data[key].length : 0);
  const what = `${count("services")} services, ${count("organizations")} organizations`;
  const verdict = problems.length ? `${problems.length} problem${problems.length === 1 ? "" : "s"}` : "valid";
  console.log(`${dataFile}: ${what}: ${verdict}`);
  process.exit(problems.length ? 1 : 0);
}
