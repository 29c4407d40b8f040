// Assembles the FHIR package hl7.fhir.r4.core#4.0.1 in a package cache from the unpacked npm
// package hl7.fhir.r4.examples@4.0.1 (no FHIR package registry is reachable offline).
// usage: node make-r4-core.js <unpacked examples package dir> <cache dir, e.g. $HOME/.fhir/packages>
'use strict';
const fs = require('fs');
const path = require('path');

const CONFORMANCE = new Set(['StructureDefinition', 'ValueSet', 'CodeSystem', 'ConceptMap', 'SearchParameter',
  'OperationDefinition', 'CompartmentDefinition', 'CapabilityStatement', 'NamingSystem', 'ImplementationGuide',
  'StructureMap']);
const [source, cache] = process.argv.slice(2);
const out = path.join(cache, 'hl7.fhir.r4.core#4.0.1', 'package');
fs.mkdirSync(out, { recursive: true });

const files = [];
for (const name of fs.readdirSync(source)) {
  if (!name.endsWith('.json') || name === 'package.json') continue;
  const text = fs.readFileSync(path.join(source, name), 'utf8');
  const resource = JSON.parse(text);
  if (!CONFORMANCE.has(resource.resourceType)) continue;
  fs.writeFileSync(path.join(out, name), text);
  const entry = { filename: name, resourceType: resource.resourceType, id: resource.id };
  for (const key of ['url', 'version', 'kind', 'type', 'supplements']) {
    if (resource[key] !== undefined) entry[key] = resource[key];
  }
  files.push(entry);
}
fs.writeFileSync(path.join(out, 'package.json'), JSON.stringify({
  name: 'hl7.fhir.r4.core', version: '4.0.1', type: 'Core', canonical: 'http://hl7.org/fhir',
  url: 'http://hl7.org/fhir/R4', title: 'FHIR R4 package : Core', fhirVersions: ['4.0.1'], dependencies: {},
  description: 'FHIR R4 core definitions, assembled from hl7.fhir.r4.examples#4.0.1',
}, null, 2));
fs.writeFileSync(path.join(out, '.index.json'), JSON.stringify({ 'index-version': 1, files }, null, 1));
console.log(`hl7.fhir.r4.core#4.0.1: ${files.length} resources in ${out}`);
