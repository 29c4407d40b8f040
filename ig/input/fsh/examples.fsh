Instance: example-patient
InstanceOf: SchakelpuntPatient
Usage: #example
Title: "Example patient"
* identifier[bsn].value = "999901084"
* name.family = "Voorbeeld"
* name.given = "Sam"
* birthDate = "1980-06-15"
* gender = #other

Instance: example-gp-practice
InstanceOf: SchakelpuntOrganization
Usage: #example
Title: "Example GP practice"
* identifier[ura].value = "90009901"
* identifier[agb].value = "01059999"
* type = $orgType#Z3 "Huisartspraktijk"
* name = "Huisartsenpraktijk Voorbeeld"

Instance: example-health-centre
InstanceOf: SchakelpuntOrganization
Usage: #example
Title: "Example health centre whose GP permission covers its pharmacy"
* identifier[ura].value = "90009900"
* type = $orgType#H1 "Huisartsenorganisatie"
* name = "Gezondheidscentrum Voorbeeld"
* extension[gpPermissionCoversPharmacy].valueBoolean = true

Instance: example-gp
InstanceOf: SchakelpuntPractitioner
Usage: #example
Title: "Example GP"
* identifier[uzi].value = "900009901"
* name.family = "Huisarts"

Instance: example-gp-role
InstanceOf: SchakelpuntPractitionerRole
Usage: #example
Title: "Example GP at the example practice"
* practitioner = Reference(example-gp)
* organization = Reference(example-gp-practice)
* code = $uziRole#01.015 "Huisarts"

Instance: example-permission
InstanceOf: Permission
Usage: #example
Title: "Example permission, given on paper, narrowed for hospitals in planned care"
* status = #active
* extension[channel].valueCoding = $channel#paper "Papieren formulier"
* patient = Reference(example-patient)
* dateTime = "2026-01-10"
* organization = Reference(example-gp-practice)
* sourceAttachment.contentType = #application/pdf
* sourceAttachment.title = "Toestemmingsformulier (scan)"
* provision.type = #permit
* provision.period.start = "2026-01-10"
* provision.actor[holder].reference = Reference(example-gp-practice)
* provision.purpose[+] = $actReason#TREAT "treatment"
* provision.purpose[+] = $actReason#ETREAT "Emergency Treatment"
* provision.code = $dataCategory#GGC002 "Behandelgegevens"
* provision.provision[0].type = #deny
* provision.provision[0].purpose = $actReason#TREAT "treatment"
* provision.provision[0].extension[recipientCategory].valueCodeableConcept = $recipientCategory#RPZAC104 "Ziekenhuizen"

Instance: example-medication-use
InstanceOf: MedicationUse
Usage: #example
Title: "Example medication use"
* extension[holder].valueReference = Reference(example-gp-practice)
* status = #active
* medicationCodeableConcept = $prk#1813 "Metoprolol 50 mg tablet"
* subject = Reference(example-patient)
* effectivePeriod.start = "2025-03-01"

Instance: example-medication-request
InstanceOf: SchakelpuntMedicationRequest
Usage: #example
Title: "Example prescription"
* extension[holder].valueReference = Reference(example-gp-practice)
* status = #active
* intent = #order
* medicationCodeableConcept = $prk#1813 "Metoprolol 50 mg tablet"
* subject = Reference(example-patient)
* authoredOn = "2025-03-01"

Instance: example-medication-dispense
InstanceOf: SchakelpuntMedicationDispense
Usage: #example
Title: "Example dispense"
* extension[holder].valueReference = Reference(example-gp-practice)
* status = #completed
* medicationCodeableConcept = $prk#1813 "Metoprolol 50 mg tablet"
* subject = Reference(example-patient)
* whenHandedOver = "2026-10-01"

Instance: example-allergy
InstanceOf: SchakelpuntAllergyIntolerance
Usage: #example
Title: "Example allergy"
* extension[holder].valueReference = Reference(example-gp-practice)
* clinicalStatus = $allergyClinical#active
* code = $sct#764146007 "Penicillin"
* patient = Reference(example-patient)

Instance: example-episode
InstanceOf: GpEpisode
Usage: #example
Title: "Example open GP episode"
* extension[holder].valueReference = Reference(example-gp-practice)
* clinicalStatus = $conditionClinical#active
* code = $icpc#K86 "Hypertensie zonder orgaanbeschadiging"
* subject = Reference(example-patient)
* onsetDateTime = "2020-05-01"

Instance: example-contact
InstanceOf: GpContact
Usage: #example
Title: "Example GP contact"
* extension[holder].valueReference = Reference(example-gp-practice)
* status = #finished
* class = $actCode#AMB "ambulatory"
* subject = Reference(example-patient)
* period.start = "2026-11-01"

Instance: example-journal-entry
InstanceOf: SchakelpuntObservation
Usage: #example
Title: "Example journal entry"
* extension[holder].valueReference = Reference(example-gp-practice)
* status = #final
* code = $loinc#67781-5 "Summarization of encounter note Narrative"
* subject = Reference(example-patient)
* encounter = Reference(example-contact)
* effectiveDateTime = "2026-11-01"
* valueString = "S: geen klachten. O: RR 135/85. E: hypertensie goed ingesteld. P: beleid continueren."

Instance: example-audit-event
InstanceOf: AccessAuditEvent
Usage: #example
Title: "Example audit event of a search"
* type = http://terminology.hl7.org/CodeSystem/audit-event-type#rest "RESTful Operation"
* subtype = http://hl7.org/fhir/restful-interaction#search-type "search-type"
* action = #E
* recorded = "2026-11-20T21:14:00+01:00"
* outcome = #0
* purposeOfEvent = $actReason#TREAT "treatment"
* agent[0].type = http://terminology.hl7.org/CodeSystem/v3-ParticipationType#IRCP "information recipient"
* agent[0].who = Reference(example-gp-role)
* agent[0].requestor = true
* source.observer.display = "Schakelpunt"
* entity[0].what = Reference(example-patient)
* entity[0].role = http://terminology.hl7.org/CodeSystem/object-role#1 "Patient"

Instance: example-record-share
InstanceOf: RecordShare
Usage: #example
Title: "Example record share: a patient lets her daughter read her record for three months"
* meta.profile = "https://schakelpunt.nl/fhir/StructureDefinition/schakelpunt-record-share"
* status = #active
* patient = Reference(example-patient)
* dateTime = "2026-03-02"
* performer = Reference(example-patient)
* provision.period.start = "2026-03-02"
* provision.period.end = "2026-06-01"
* provision.actor.reference.identifier.value = "111222333"
* provision.actor.reference.display = "Sanne de Vries"
