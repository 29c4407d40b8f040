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
* base[+] = #RelatedPerson
* type = #reference
* target = #Organization
* expression = "MedicationStatement.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | MedicationRequest.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | MedicationDispense.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | MedicationAdministration.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | AllergyIntolerance.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | Condition.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | EpisodeOfCare.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | Encounter.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | Observation.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | Composition.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value | RelatedPerson.extension('https://schakelpunt.nl/fhir/StructureDefinition/holder').value"

Instance: period-of-use
InstanceOf: SearchParameter
Usage: #definition
Title: "Period of use of a medication building block (MP9)"
* url = "https://schakelpunt.nl/fhir/SearchParameter/period-of-use"
* name = "period-of-use"
* status = #active
* description = "Medication Process 9's period-of-use: the period a medication agreement, dispense request, administration agreement or medication use is in force (its time interval; without an end, its start plus its duration). A building block without a time interval is in force from the moment it names: a dispense from its hand-over for the days it supplies, a request from its dosage's bounds or else from the day it was written, without an end, a use on the day it names. The exchange point indexes the period it computes on every write (extension period-of-use); the four-month window of a look-up is checked on it (page window)."
* code = #period-of-use
* base[+] = #MedicationRequest
* base[+] = #MedicationDispense
* base[+] = #MedicationStatement
* type = #date
* expression = "MedicationRequest.extension('https://schakelpunt.nl/fhir/StructureDefinition/period-of-use').value | MedicationDispense.extension('https://schakelpunt.nl/fhir/StructureDefinition/period-of-use').value | MedicationStatement.extension('https://schakelpunt.nl/fhir/StructureDefinition/period-of-use').value"
* comparator[+] = #eq
* comparator[+] = #ge
* comparator[+] = #le
* comparator[+] = #gt
* comparator[+] = #lt

Instance: actor-identifier
InstanceOf: SearchParameter
Usage: #definition
Title: "Identifier of the person a Consent lets act"
* url = "https://schakelpunt.nl/fhir/SearchParameter/actor-identifier"
* name = "actor-identifier"
* status = #active
* description = "The identifier (a BSN) of the person a record share names as its actor: how the exchange point finds the records shared with someone who signs in"
* code = #actor-identifier
* base[+] = #Consent
* type = #token
* expression = "Consent.provision.actor.reference.identifier"
