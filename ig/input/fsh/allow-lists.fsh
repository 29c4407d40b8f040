// The allow-lists: one CapabilityStatement per requester kind, naming exactly the interactions,
// types, search parameters (with their modifiers, chains and values), includes and operations that
// kind of requester may use. The server decides with them: anything not listed is refused with 403
// before storage is touched. What a listed request then returns is narrowed further by the
// requester's own data, the patient's permissions, the role matrix and the time window.

RuleSet: AllowListHeader(kind, title)
* url = "https://schakelpunt.nl/fhir/CapabilityStatement/allow-list-{kind}"
* name = "AllowList{title}"
* title = "Allow-list: {title}"
* status = #active
* experimental = false
* date = "2026-12-01"
* publisher = "Schakelpunt"
* kind = #requirements
* fhirVersion = #4.0.1
* format[+] = #json
* format[+] = #xml
* rest[+].mode = #server

RuleSet: Type(type)
* rest[=].resource[+].type = #{type}

RuleSet: Interaction(code)
* rest[=].resource[=].interaction[+].code = #{code}

RuleSet: ReadOnly
* insert Interaction(read)
* insert Interaction(vread)
* insert Interaction(search-type)

RuleSet: ReadWithHistory
* insert ReadOnly
* insert Interaction(history-instance)

// A holder supplies the directory entries its data refers to and keeps them up to date (ADR 18).
RuleSet: ReadSupply
* insert ReadOnly
* insert Interaction(create)
* insert Interaction(update)

RuleSet: ReadWrite
* insert ReadOnly
* insert Interaction(history-instance)
* insert Interaction(create)
* insert Interaction(update)
* insert Interaction(patch)
* insert Interaction(delete)

RuleSet: Param(name, type)
* rest[=].resource[=].searchParam[+].name = "{name}"
* rest[=].resource[=].searchParam[=].type = #{type}

RuleSet: Chain(chain)
* rest[=].resource[=].searchParam[=].extension[+].url = "https://schakelpunt.nl/fhir/StructureDefinition/allowed-chain"
* rest[=].resource[=].searchParam[=].extension[=].valueString = "{chain}"

RuleSet: Modifier(code)
* rest[=].resource[=].searchParam[=].extension[+].url = "https://schakelpunt.nl/fhir/StructureDefinition/allowed-modifier"
* rest[=].resource[=].searchParam[=].extension[=].valueCode = #{code}

RuleSet: Include(value)
* rest[=].resource[=].searchInclude[+] = "{value}"

// An include a search may follow from the resources it included (_include:iterate).
RuleSet: IncludeIterate(value)
* rest[=].resource[=].searchInclude[+] = "{value}"
* rest[=].resource[=].searchInclude[=].extension[+].url = "https://schakelpunt.nl/fhir/StructureDefinition/allowed-modifier"
* rest[=].resource[=].searchInclude[=].extension[=].valueCode = #iterate

// The prescribers, dispensers and administrators of medication data, as MP9 queries draw them in.
RuleSet: PractitionerRoleIterations
* insert IncludeIterate(PractitionerRole:organization)
* insert IncludeIterate(PractitionerRole:practitioner)
* insert IncludeIterate(PractitionerRole:location)

RuleSet: ResultParam(name, type)
* rest[=].searchParam[+].name = "{name}"
* rest[=].searchParam[=].type = #{type}

RuleSet: ResultValue(value)
* rest[=].searchParam[=].extension[+].url = "https://schakelpunt.nl/fhir/StructureDefinition/allowed-value"
* rest[=].searchParam[=].extension[=].valueString = "{value}"

RuleSet: Operation(name, level, definition)
* rest[=].resource[=].operation[+].name = "{name}"
* rest[=].resource[=].operation[=].definition = "http://hl7.org/fhir/OperationDefinition/{definition}"
* rest[=].resource[=].operation[=].extension[+].url = "https://schakelpunt.nl/fhir/StructureDefinition/operation-invocation"
* rest[=].resource[=].operation[=].extension[=].valueCode = #{level}

RuleSet: OwnOperation(name, level)
* rest[=].resource[=].operation[+].name = "{name}"
* rest[=].resource[=].operation[=].definition = "https://schakelpunt.nl/fhir/OperationDefinition/{name}"
* rest[=].resource[=].operation[=].extension[+].url = "https://schakelpunt.nl/fhir/StructureDefinition/operation-invocation"
* rest[=].resource[=].operation[=].extension[=].valueCode = #{level}

RuleSet: OperationParam(name)
* rest[=].resource[=].operation[=].extension[+].url = "https://schakelpunt.nl/fhir/StructureDefinition/operation-parameter"
* rest[=].resource[=].operation[=].extension[=].valueString = "{name}"

// Result parameters every requester may use. _summary=count and _total are left to requesters
// whose searches are narrowed exactly (their own data, their own record).
RuleSet: ResultParams
* insert ResultParam(_count, number)
* insert ResultParam(_offset, number)
* insert ResultParam(_sort, string)
* insert ResultParam(_elements, string)
* insert ResultParam(_format, string)
* insert ResultParam(_pretty, string)
* insert ResultParam(_summary, string)
* insert ResultValue(true)
* insert ResultValue(false)
* insert ResultValue(text)
* insert ResultValue(data)

RuleSet: CountParams
* insert ResultParam(_summary, string)
* insert ResultValue(count)
* insert ResultParam(_total, string)
* insert ResultValue(none)
* insert ResultValue(estimate)
* insert ResultValue(accurate)

// The patient a clinical search is about, by reference or by BSN.
RuleSet: PatientParam(name)
* insert Param({name}, reference)
* insert Chain(identifier)
* insert Modifier(Patient)

RuleSet: HolderParam
* insert Param(holder, reference)
* insert Chain(identifier)

RuleSet: CommonClinicalParams
* insert Param(_id, token)
* insert Param(identifier, token)
* insert HolderParam
* insert PatientParam(patient)

RuleSet: MedicationStatementParams
* insert CommonClinicalParams
* insert PatientParam(subject)
* insert Param(category, token)
* insert Param(code, token)
* insert Param(effective, date)
* insert Param(period-of-use, date)
* insert Param(status, token)
* insert Param(medication, reference)
* insert Chain(code)
* insert Param(pharmaceutical-treatment-identifier, token)
* insert Include(MedicationStatement:medication)
* insert Include(MedicationStatement:subject)
* insert Include(MedicationStatement:patient)
* insert Include(MedicationStatement:source)
* insert Include(MedicationStatement:author)
* insert Include(MedicationStatement:prescriber)
* insert PractitionerRoleIterations

RuleSet: MedicationRequestParams
* insert CommonClinicalParams
* insert PatientParam(subject)
* insert Param(category, token)
* insert Param(code, token)
* insert Param(authoredon, date)
* insert Param(period-of-use, date)
* insert Param(status, token)
* insert Param(intent, token)
* insert Param(medication, reference)
* insert Chain(code)
* insert Param(pharmaceutical-treatment-identifier, token)
* insert Include(MedicationRequest:medication)
* insert Include(MedicationRequest:subject)
* insert Include(MedicationRequest:patient)
* insert Include(MedicationRequest:requester)
* insert Include(MedicationRequest:reason)
* insert Include(MedicationRequest:next-practitioner)
* insert Include(MedicationRequest:dispense-location)
* insert PractitionerRoleIterations

RuleSet: MedicationDispenseParams
* insert CommonClinicalParams
* insert PatientParam(subject)
* insert Param(code, token)
* insert Param(type, token)
* insert Param(whenhandedover, date)
* insert Param(period-of-use, date)
* insert Param(status, token)
* insert Param(medication, reference)
* insert Chain(code)
* insert Param(category, token)
* insert Param(pharmaceutical-treatment-identifier, token)
* insert Include(MedicationDispense:medication)
* insert Include(MedicationDispense:subject)
* insert Include(MedicationDispense:patient)
* insert Include(MedicationDispense:performer)
* insert Include(MedicationDispense:destination)
* insert PractitionerRoleIterations

RuleSet: MedicationAdministrationParams
* insert CommonClinicalParams
* insert PatientParam(subject)
* insert Param(category, token)
* insert Param(code, token)
* insert Param(effective-time, date)
* insert Param(status, token)
* insert Param(medication, reference)
* insert Chain(code)
* insert Param(pharmaceutical-treatment-identifier, token)
* insert Include(MedicationAdministration:medication)
* insert Include(MedicationAdministration:subject)
* insert Include(MedicationAdministration:patient)
* insert Include(MedicationAdministration:performer)
* insert PractitionerRoleIterations

RuleSet: AllergyIntoleranceParams
* insert CommonClinicalParams
* insert Param(category, token)
* insert Param(code, token)
* insert Param(clinical-status, token)
* insert Param(verification-status, token)
* insert Param(date, date)
* insert Include(AllergyIntolerance:patient)

RuleSet: ConditionParams
* insert CommonClinicalParams
* insert PatientParam(subject)
* insert Param(category, token)
* insert Param(code, token)
* insert Param(clinical-status, token)
* insert Param(onset-date, date)
* insert Include(Condition:subject)
* insert Include(Condition:patient)

RuleSet: EpisodeOfCareParams
* insert CommonClinicalParams
* insert Param(status, token)
* insert Param(type, token)
* insert Param(date, date)
* insert Include(EpisodeOfCare:patient)

RuleSet: EncounterParams
* insert CommonClinicalParams
* insert PatientParam(subject)
* insert Param(date, date)
* insert Param(status, token)
* insert Param(class, token)
* insert Param(type, token)
* insert Include(Encounter:subject)
* insert Include(Encounter:patient)

RuleSet: ObservationParams
* insert CommonClinicalParams
* insert PatientParam(subject)
* insert Param(category, token)
* insert Param(code, token)
* insert Param(date, date)
* insert Param(status, token)
* insert Include(Observation:subject)
* insert Include(Observation:patient)
* insert Include(Observation:encounter)

RuleSet: CompositionParams
* insert CommonClinicalParams
* insert PatientParam(subject)
* insert Param(type, token)
* insert Param(date, date)
* insert Param(status, token)
* insert Include(Composition:subject)
* insert Include(Composition:patient)

RuleSet: ClinicalTypes(interactions)
* insert Type(MedicationStatement)
* insert {interactions}
* insert MedicationStatementParams
* insert Type(MedicationRequest)
* insert {interactions}
* insert MedicationRequestParams
* insert Type(MedicationDispense)
* insert {interactions}
* insert MedicationDispenseParams
* insert Type(MedicationAdministration)
* insert {interactions}
* insert MedicationAdministrationParams
* insert Type(AllergyIntolerance)
* insert {interactions}
* insert AllergyIntoleranceParams
* insert Type(Condition)
* insert {interactions}
* insert ConditionParams
* insert Type(EpisodeOfCare)
* insert {interactions}
* insert EpisodeOfCareParams
* insert Type(Encounter)
* insert {interactions}
* insert EncounterParams
* insert Type(Observation)
* insert {interactions}
* insert ObservationParams
* insert Type(Composition)
* insert {interactions}
* insert CompositionParams
* insert Type(RelatedPerson)
* insert {interactions}
* insert CommonClinicalParams

RuleSet: ConsentParams
* insert Param(_id, token)
* insert Param(category, token)
* insert PatientParam(patient)
* insert Param(status, token)
* insert Param(organization, reference)
* insert Param(date, date)

RuleSet: DirectoryTypes(interactions)
* insert OrganizationType({interactions})
* insert PeopleAndPlaces({interactions})

// A data holder's system and staff also set how their holder takes online permissions.
RuleSet: HolderDirectoryTypes
* insert OrganizationType(ReadSupply)
* insert OwnOperation(online-permissions, instance)
* insert OperationParam(at-once)
* insert PeopleAndPlaces(ReadSupply)

RuleSet: OrganizationType(interactions)
* insert Type(Organization)
* insert {interactions}
* insert Param(_id, token)
* insert Param(identifier, token)
* insert Param(name, string)
* insert Modifier(exact)
* insert Modifier(contains)
* insert Param(type, token)
* insert Param(active, token)
* insert Param(address-city, string)
* insert Param(partof, reference)

RuleSet: PeopleAndPlaces(interactions)
* insert Type(Practitioner)
* insert {interactions}
* insert Param(_id, token)
* insert Param(identifier, token)
* insert Param(name, string)
* insert Type(PractitionerRole)
* insert {interactions}
* insert Param(_id, token)
* insert Param(identifier, token)
* insert Param(organization, reference)
* insert Param(practitioner, reference)
* insert Param(role, token)
* insert Param(location, reference)
* insert Include(PractitionerRole:organization)
* insert Include(PractitionerRole:practitioner)
* insert Include(PractitionerRole:location)
* insert Type(Location)
* insert {interactions}
* insert Param(_id, token)
* insert Param(identifier, token)
* insert Param(name, string)
* insert Param(organization, reference)

RuleSet: MedicationType(interactions)
* insert Type(Medication)
* insert {interactions}
* insert Param(_id, token)
* insert Param(code, token)
* insert Modifier(text)

RuleSet: ConformanceTypes(interactions)
* insert Type(StructureDefinition)
* insert {interactions}
* insert Param(url, uri)
* insert Param(name, string)
* insert Param(type, token)
* insert Type(SearchParameter)
* insert {interactions}
* insert Param(url, uri)
* insert Param(code, token)
* insert Param(base, token)
* insert Type(OperationDefinition)
* insert {interactions}
* insert Param(url, uri)
* insert Param(code, token)
* insert Type(CapabilityStatement)
* insert ReadOnly
* insert Param(url, uri)
* insert Type(ValueSet)
* insert {interactions}
* insert Param(url, uri)
* insert Operation(expand, type, ValueSet-expand)
* insert OperationParam(url)
* insert OperationParam(valueSetVersion)
* insert OperationParam(filter)
* insert OperationParam(count)
* insert OperationParam(offset)
* insert OperationParam(displayLanguage)
* insert Operation(validate-code, type, ValueSet-validate-code)
* insert OperationParam(url)
* insert OperationParam(system)
* insert OperationParam(code)
* insert OperationParam(display)
* insert OperationParam(coding)
* insert OperationParam(codeableConcept)
* insert Type(CodeSystem)
* insert {interactions}
* insert Param(url, uri)
* insert Operation(lookup, type, CodeSystem-lookup)
* insert OperationParam(system)
* insert OperationParam(code)
* insert OperationParam(version)
* insert OperationParam(coding)
* insert OperationParam(property)
* insert OperationParam(displayLanguage)
* insert Operation(validate-code, type, CodeSystem-validate-code)
* insert OperationParam(url)
* insert OperationParam(system)
* insert OperationParam(code)
* insert OperationParam(display)
* insert OperationParam(coding)

RuleSet: PatientByBsn(interactions)
* insert Type(Patient)
* insert {interactions}
* insert Param(_id, token)
* insert Param(identifier, token)
* insert Include(Patient:general-practitioner)

Instance: allow-list-professional
InstanceOf: CapabilityStatement
Usage: #definition
* insert AllowListHeader(professional, Treating professional)
* description = "What a professional's system may ask, with the professional's token: look up a patient by BSN, the patient's summary and the holders that have it (consent-gated, role matrix, window), the directory and terminology; the professionals of a holder also write their own holder's data and record permissions."
* rest[=].interaction[+].code = #transaction
* rest[=].interaction[+].code = #batch
* insert ResultParams
* insert PatientByBsn(ReadOnly)
* insert Interaction(create)
* insert Interaction(update)
* insert OwnOperation(locate, type)
* insert OperationParam(identifier)
* insert OwnOperation(summary, type)
* insert OperationParam(identifier)
* insert OwnOperation(summary, instance)
* insert ClinicalTypes(ReadWrite)
* insert Type(Consent)
* insert ReadOnly
* insert Interaction(create)
* insert ConsentParams
* insert OwnOperation(process, instance)
* insert OperationParam(decision)
* insert OperationParam(reason)
* insert OwnOperation(withdraw, instance)
* insert OperationParam(reason)
* insert HolderDirectoryTypes
* insert MedicationType(ReadWrite)
* insert ConformanceTypes(ReadOnly)

Instance: allow-list-organization
InstanceOf: CapabilityStatement
Usage: #definition
* insert AllowListHeader(organization, Organisation system)
* description = "What an organisation's system may ask with its own token: a holder's system writes and reads its own data and permissions, finds a patient by BSN, and reads the directory and terminology. It does not look up other holders' data: that is done with a professional's token."
* rest[=].interaction[+].code = #transaction
* rest[=].interaction[+].code = #batch
* insert ResultParams
* insert CountParams
* insert PatientByBsn(ReadOnly)
* insert Interaction(create)
* insert Interaction(update)
* insert ClinicalTypes(ReadWrite)
* insert Type(Consent)
* insert ReadOnly
* insert Interaction(history-instance)
* insert Interaction(create)
* insert Interaction(update)
* insert ConsentParams
* insert OwnOperation(process, instance)
* insert OperationParam(decision)
* insert OperationParam(reason)
* insert OwnOperation(withdraw, instance)
* insert OperationParam(reason)
* insert HolderDirectoryTypes
* insert MedicationType(ReadWrite)
* insert ConformanceTypes(ReadOnly)

Instance: allow-list-patient
InstanceOf: CapabilityStatement
Usage: #definition
* insert AllowListHeader(patient, Patient)
* description = "What a patient may ask, with a token that names their BSN: their own record from every holder, their permissions (ask, refuse, withdraw), their audit trail, the directory and terminology. Every search is narrowed to the patient's own record."
* rest[=].interaction[+].code = #batch
* insert ResultParams
* insert CountParams
* insert Type(Patient)
* insert ReadWithHistory
* insert Param(_id, token)
* insert Param(identifier, token)
* insert Operation(everything, instance, Patient-everything)
* insert OperationParam(_count)
* insert OperationParam(_since)
* insert ClinicalTypes(ReadWithHistory)
* insert Type(Consent)
* insert ReadWithHistory
* insert Interaction(create)
* insert ConsentParams
* insert OwnOperation(withdraw, instance)
* insert OperationParam(reason)
* insert Type(AuditEvent)
* insert Interaction(read)
* insert Interaction(search-type)
* insert Param(date, date)
* insert DirectoryTypes(ReadOnly)
* insert MedicationType(ReadOnly)
* insert ConformanceTypes(ReadOnly)

Instance: allow-list-operator
InstanceOf: CapabilityStatement
Usage: #definition
* insert AllowListHeader(operator, Operator)
* description = "What the operator of the exchange point may ask: manage the directory, medicinal products and conformance resources, and switch the temporary emergency regime. No patient data."
* rest[=].interaction[+].code = #transaction
* rest[=].interaction[+].code = #batch
* insert ResultParams
* insert CountParams
* rest[=].operation[+].name = "emergency-regime"
* rest[=].operation[=].definition = "https://schakelpunt.nl/fhir/OperationDefinition/emergency-regime"
* rest[=].operation[=].extension[+].url = "https://schakelpunt.nl/fhir/StructureDefinition/operation-parameter"
* rest[=].operation[=].extension[=].valueString = "active"
* rest[=].operation[=].extension[+].url = "https://schakelpunt.nl/fhir/StructureDefinition/operation-parameter"
* rest[=].operation[=].extension[=].valueString = "end"
* rest[=].operation[=].extension[+].url = "https://schakelpunt.nl/fhir/StructureDefinition/operation-parameter"
* rest[=].operation[=].extension[=].valueString = "start"
* insert DirectoryTypes(ReadWrite)
* insert MedicationType(ReadWrite)
* insert ConformanceTypes(ReadWrite)
