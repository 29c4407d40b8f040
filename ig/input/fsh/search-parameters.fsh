Instance: holder
InstanceOf: SearchParameter
Usage: #definition
Title: "Data holder of a clinical resource"
* url = "https://schakelpunt.nl/fhir/SearchParameter/holder"
* name = "holder"
* status = #active
* description = "The organisation that holds the record (the holder extension)"
* code = #holder
* base[+] = #MedicationStatement
* base[+] = #MedicationRequest
* base[+] = #MedicationDispense
* base[+] = #MedicationAdministration
* base[+] = #AllergyIntolerance
* base[+] = #Condition
* base[+] = #EpisodeOfCare
* base[+] = #Encounter
* base[+] = #Observation
* base[+] = #Composition
* type = #reference
* target = #Organization
* expression = "MedicationStatement.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | MedicationRequest.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | MedicationDispense.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | MedicationAdministration.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | AllergyIntolerance.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | Condition.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | EpisodeOfCare.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | Encounter.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | Observation.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | Composition.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value"
