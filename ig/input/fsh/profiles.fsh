Invariant: sp-bsn-format
Description: "A BSN has nine digits (the 11-check is enforced by the server)."
Expression: "value.matches('^[0-9]{9}$')"
Severity: #error

Invariant: sp-eight-digits
Description: "A URA or AGB code has eight digits."
Expression: "value.matches('^[0-9]{8}$')"
Severity: #error

Invariant: sp-ura-or-agb
Description: "An organisation carries a URA or an AGB code."
Expression: "identifier.where(system = 'http://fhir.nl/fhir/NamingSystem/ura' or system = 'http://fhir.nl/fhir/NamingSystem/agb-z').exists()"
Severity: #error

Profile: SchakelpuntPatient
Parent: Patient
Id: schakelpunt-patient
Title: "Patient"
Description: "A patient, identified by exactly one BSN (after nl-core-Patient)."
* ^status = #active
* identifier 1..* MS
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier contains bsn 1..1 MS
* identifier[bsn].system 1..1
* identifier[bsn].system = $bsn (exactly)
* identifier[bsn].value 1..1
* identifier[bsn] obeys sp-bsn-format

Profile: SchakelpuntOrganization
Parent: Organization
Id: schakelpunt-organization
Title: "Healthcare provider organisation"
Description: "A healthcare provider organisation with a URA and/or AGB code and an organisation type (after nl-core-HealthcareProvider-Organization)."
* ^status = #active
* obeys sp-ura-or-agb
* identifier 1..* MS
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier contains ura 0..1 MS and agb 0..1 MS
* identifier[ura].system 1..1
* identifier[ura].system = $ura (exactly)
* identifier[ura].value 1..1
* identifier[ura] obeys sp-eight-digits
* identifier[agb].system 1..1
* identifier[agb].system = $agb (exactly)
* identifier[agb].value 1..1
* identifier[agb] obeys sp-eight-digits
* type 1..* MS
* type from https://schakelpunt.nl/fhir/ValueSet/organization-types (extensible)
* name 1..1
* extension contains CentreGpPermissionCoversPharmacy named gpPermissionCoversPharmacy 0..1

Profile: SchakelpuntPractitioner
Parent: Practitioner
Id: schakelpunt-practitioner
Title: "Healthcare professional"
Description: "A healthcare professional identified by UZI number and/or BIG number."
* ^status = #active
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier contains uzi 0..1 MS and big 0..1 MS
* identifier[uzi].system 1..1
* identifier[uzi].system = $uzi (exactly)
* identifier[uzi].value 1..1
* identifier[big].system 1..1
* identifier[big].system = $big (exactly)
* identifier[big].value 1..1

Profile: SchakelpuntPractitionerRole
Parent: PractitionerRole
Id: schakelpunt-practitionerrole
Title: "Professional's role at an organisation"
Description: "A professional working for an organisation in a UZI role."
* ^status = #active
* practitioner 1..1 MS
* practitioner only Reference(SchakelpuntPractitioner)
* organization 1..1 MS
* organization only Reference(SchakelpuntOrganization)
* code 1..* MS
* code from https://schakelpunt.nl/fhir/ValueSet/uzi-roles (extensible)

Profile: Permission
Parent: Consent
Id: schakelpunt-permission
Title: "Permission (opt-in or refusal)"
Description: "A patient's permission, or refusal, for one data holder to share data through the exchange point (after the national consent service's Consent model)."
* ^status = #active
* extension contains PermissionChannel named channel 1..1 MS and PermissionRejectionReason named rejectionReason 0..1 MS
* scope = $consentScope#patient-privacy
* category 1..1
* category = $loinc#59284-0
* patient 1..1 MS
* patient only Reference(SchakelpuntPatient)
* dateTime 1..1 MS
* organization 1..1 MS
* organization only Reference(SchakelpuntOrganization)
* organization ^short = "The data holder the permission is given to"
* source[x] only Attachment
* source[x] ^short = "The scanned paper form, when given on paper"
* policyRule 1..1
* policyRule = $actCode#OPTIN
* provision 1..1 MS
* provision.type 1..1 MS
* provision.period MS
* provision.actor 1..* MS
* provision.actor ^slicing.discriminator.type = #pattern
* provision.actor ^slicing.discriminator.path = "role"
* provision.actor ^slicing.rules = #open
* provision.actor contains holder 1..1 MS
* provision.actor[holder].role = $participationType#CST
* provision.actor[holder].reference only Reference(SchakelpuntOrganization)
* provision.purpose 1..* MS
* provision.purpose from https://schakelpunt.nl/fhir/ValueSet/permission-purposes (required)
* provision.code MS
* provision.code from https://schakelpunt.nl/fhir/ValueSet/data-categories (required)
* provision.provision.extension contains RecipientCategory named recipientCategory 0..* MS
* provision.provision.purpose from https://schakelpunt.nl/fhir/ValueSet/permission-purposes (required)
* provision.provision.code from https://schakelpunt.nl/fhir/ValueSet/data-categories (required)

Profile: RecordShare
Parent: Consent
Id: schakelpunt-record-share
Title: "Record shared with someone the patient trusts"
Description: "A patient lets a family member or carer, who signs in with their own DigiD, read the patient's record (not their permissions nor their audit trail) for a period. Only the patient records it and ends it ($withdraw). A resource declares this profile in meta.profile; one that does not is read as a permission."
* ^status = #active
* scope = $consentScope#patient-privacy
* category 1..1
* category = $loinc#64292-6
* patient 1..1 MS
* patient only Reference(SchakelpuntPatient)
* dateTime 1..1 MS
* performer 1..1 MS
* performer only Reference(SchakelpuntPatient)
* performer ^short = "The patient, who shares their own record"
* organization 0..0
* source[x] 0..0
* policyRule 1..1
* policyRule = $actCode#OPTIN
* provision 1..1 MS
* provision.type 1..1 MS
* provision.type = #permit
* provision.period 1..1 MS
* provision.period.start 1..1 MS
* provision.period.end 1..1 MS
* provision.period ^short = "From when until when the person may read the record"
* provision.actor 1..1 MS
* provision.actor.role = $participationType#IRCP
* provision.actor.reference.identifier 1..1 MS
* provision.actor.reference.identifier.system 1..1
* provision.actor.reference.identifier.system = $bsn
* provision.actor.reference.identifier.value 1..1
* provision.actor.reference.display 1..1 MS
* provision.actor.reference ^short = "The person the record is shared with: their BSN and name"
* provision.action 1..1 MS
* provision.action = $consentAction#access
* provision.purpose 0..0
* provision.code 0..0
* provision.provision 0..0

Profile: MedicationUse
Parent: MedicationStatement
Id: schakelpunt-medicationuse
Title: "Medication use"
Description: "A patient's use of a medicine (after mp-MedicationUse2)."
* ^status = #active
* extension contains Holder named holder 0..1 MS
* category 1..1 MS
* category = $sct#422979000
* subject 1..1 MS
* subject only Reference(SchakelpuntPatient)
* effective[x] 1..1 MS
* medication[x] MS

Profile: SchakelpuntMedicationRequest
Parent: MedicationRequest
Id: schakelpunt-medicationrequest
Title: "Medication agreement (prescription)"
Description: "A prescription (after mp-MedicationAgreement)."
* ^status = #active
* extension contains Holder named holder 0..1 MS
* subject only Reference(SchakelpuntPatient)
* authoredOn MS

Profile: SchakelpuntMedicationDispense
Parent: MedicationDispense
Id: schakelpunt-medicationdispense
Title: "Medication dispense"
Description: "A dispense by a pharmacy (after mp-MedicationDispense)."
* ^status = #active
* extension contains Holder named holder 0..1 MS
* subject 1..1 MS
* subject only Reference(SchakelpuntPatient)
* whenHandedOver MS

Profile: SchakelpuntAllergyIntolerance
Parent: AllergyIntolerance
Id: schakelpunt-allergyintolerance
Title: "Allergy or intolerance"
Description: "An allergy or intolerance (after nl-core-AllergyIntolerance)."
* ^status = #active
* extension contains Holder named holder 0..1 MS
* clinicalStatus 1..1 MS
* code 1..1 MS
* patient only Reference(SchakelpuntPatient)

Profile: GpEpisode
Parent: Condition
Id: schakelpunt-gp-episode
Title: "GP episode"
Description: "An episode (problem) in a GP record, coded in ICPC-1 NL (after nl-core-Problem)."
* ^status = #active
* extension contains Holder named holder 0..1 MS
* clinicalStatus 1..1 MS
* code 1..1 MS
* code from https://schakelpunt.nl/fhir/ValueSet/icpc-episodes (extensible)
* subject only Reference(SchakelpuntPatient)
* onset[x] MS
* abatement[x] MS

Profile: GpContact
Parent: Encounter
Id: schakelpunt-gp-contact
Title: "GP contact"
Description: "A contact (consultation, visit, telephone consultation) in a GP record (after nl-core-Encounter)."
* ^status = #active
* extension contains Holder named holder 0..1 MS
* subject 1..1 MS
* subject only Reference(SchakelpuntPatient)
* period 1..1 MS
* period.start 1..1 MS

Profile: SchakelpuntObservation
Parent: Observation
Id: schakelpunt-observation
Title: "Journal entry or result"
Description: "A journal entry of a GP contact, or a result (laboratory, measurement)."
* ^status = #active
* extension contains Holder named holder 0..1 MS
* subject 1..1 MS
* subject only Reference(SchakelpuntPatient)
* encounter MS
* effective[x] 1..1 MS

Profile: AccessAuditEvent
Parent: AuditEvent
Id: schakelpunt-auditevent
Title: "Access audit event"
Description: "One access to patient data through the exchange point: who asked, for which organisation and purpose, about which patient, which holders' data was returned, and the outcome (after IHE Basic Audit Log Patterns)."
* ^status = #active
* type MS
* subtype MS
* action 1..1 MS
* outcome 1..1 MS
* purposeOfEvent MS
* agent 1..* MS
* agent.who 1..1 MS
* source.observer MS
* entity MS
* entity.what MS
* entity.role MS
