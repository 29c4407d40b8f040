Extension: Holder
Id: holder
Title: "Data holder"
Description: "The organisation (GP practice, pharmacy) that holds this record and answers for it; on a directory entry (organisation, professional, role, location), the holder that supplied it with its data, which makes it no entry of the exchange point's own directory. Set by the exchange point from the writer's identity, never taken from the payload."
* ^status = #active
* ^context[+].type = #element
* ^context[=].expression = "MedicationStatement"
* ^context[+].type = #element
* ^context[=].expression = "MedicationRequest"
* ^context[+].type = #element
* ^context[=].expression = "MedicationDispense"
* ^context[+].type = #element
* ^context[=].expression = "MedicationAdministration"
* ^context[+].type = #element
* ^context[=].expression = "AllergyIntolerance"
* ^context[+].type = #element
* ^context[=].expression = "Condition"
* ^context[+].type = #element
* ^context[=].expression = "EpisodeOfCare"
* ^context[+].type = #element
* ^context[=].expression = "Encounter"
* ^context[+].type = #element
* ^context[=].expression = "Observation"
* ^context[+].type = #element
* ^context[=].expression = "Composition"
* ^context[+].type = #element
* ^context[=].expression = "RelatedPerson"
* ^context[+].type = #element
* ^context[=].expression = "Organization"
* ^context[+].type = #element
* ^context[=].expression = "Practitioner"
* ^context[+].type = #element
* ^context[=].expression = "PractitionerRole"
* ^context[+].type = #element
* ^context[=].expression = "Location"
* value[x] only Reference(Organization)
* valueReference 1..1

Extension: PeriodOfUse
Id: period-of-use
Title: "Period of use (as the exchange point computed it)"
Description: "The period a medication building block is in force, as Medication Process 9 defines it: the start and end of its time interval (ext-TimeInterval.Period, or the effective period of a medication use), and where the end is missing, the start plus the time interval's duration (ext-TimeInterval.Duration). Set by the exchange point on every write, never taken from the payload, so that the search parameter period-of-use can be indexed; without an end and a duration the period is open."
* ^status = #active
* ^context[+].type = #element
* ^context[=].expression = "MedicationRequest"
* ^context[+].type = #element
* ^context[=].expression = "MedicationDispense"
* ^context[+].type = #element
* ^context[=].expression = "MedicationStatement"
* value[x] only Period
* valuePeriod 1..1

Extension: PermissionChannel
Id: permission-channel
Title: "Permission channel"
Description: "How the patient gave or refused the permission: verbally to the holder, on a signed paper form, or online."
* ^status = #active
* ^context[+].type = #element
* ^context[=].expression = "Consent"
* value[x] only Coding
* valueCoding 1..1
* valueCoding from https://schakelpunt.nl/fhir/ValueSet/permission-channels (required)

Extension: RecipientCategory
Id: recipient-category
Title: "Recipient category"
Description: "On a (nested) provision of a permission: the categories of consulting providers it applies to."
* ^status = #active
* ^context[+].type = #element
* ^context[=].expression = "Consent.provision"
* ^context[+].type = #element
* ^context[=].expression = "Consent.provision.provision"
* value[x] only CodeableConcept
* valueCodeableConcept 1..1
* valueCodeableConcept from https://schakelpunt.nl/fhir/ValueSet/recipient-categories (required)

Extension: PermissionRejectionReason
Id: permission-rejection-reason
Title: "Permission rejection reason"
Description: "Why the holder could not process an online permission request; shown to the patient."
* ^status = #active
* ^context[+].type = #element
* ^context[=].expression = "Consent"
* value[x] only string
* valueString 1..1

Extension: CentreGpPermissionCoversPharmacy
Id: centre-gp-permission-covers-pharmacy
Title: "Health centre: GP permission covers the pharmacy"
Description: "On a health centre: whether a permission given to its GP practice also covers its pharmacy."
* ^status = #active
* ^context[+].type = #element
* ^context[=].expression = "Organization"
* value[x] only boolean
* valueBoolean 1..1

Extension: OnlinePermissionsAtOnce
Id: online-permissions-at-once
Title: "Data holder: online permissions take effect at once"
Description: "On a data holder (GP practice or pharmacy): whether a permission a patient gives online with a verified login (DigiD substantieel or hoog) takes effect at once, without the holder processing it. Set by the holder with $online-permissions; absent means no."
* ^status = #active
* ^context[+].type = #element
* ^context[=].expression = "Organization"
* value[x] only boolean
* valueBoolean 1..1

Extension: OfferedDataCategory
Id: offered-data-category
Title: "Offered data category"
Description: "On an Organization returned by Patient/$locate: a data category of which this holder has data about the patient that the requester may see."
* ^status = #active
* ^context[+].type = #element
* ^context[=].expression = "Organization"
* value[x] only Coding
* valueCoding from https://schakelpunt.nl/fhir/ValueSet/data-categories (required)

Extension: AllowedModifier
Id: allowed-modifier
Title: "Allowed search modifier"
Description: "In an allow-list (a CapabilityStatement per requester kind): a modifier that may follow this search parameter's name, such as `text` in `code:text` or a type such as `Patient` in `patient:Patient`; on a search include, `iterate`: the include may be followed from included resources (`_include:iterate`). A modifier not listed is refused."
* ^status = #active
* ^context[+].type = #element
* ^context[=].expression = "CapabilityStatement.rest.resource.searchParam"
* ^context[+].type = #element
* ^context[=].expression = "CapabilityStatement.rest.searchParam"
* ^context[+].type = #element
* ^context[=].expression = "CapabilityStatement.rest.resource.searchInclude"
* value[x] only code
* valueCode 1..1

Extension: AllowedChain
Id: allowed-chain
Title: "Allowed chained parameter"
Description: "In an allow-list: a search parameter of the referenced resource that may be chained to this reference parameter, such as `identifier` in `patient.identifier`. A chain not listed is refused."
* ^status = #active
* ^context[+].type = #element
* ^context[=].expression = "CapabilityStatement.rest.resource.searchParam"
* value[x] only string
* valueString 1..1

Extension: AllowedValue
Id: allowed-value
Title: "Allowed parameter value"
Description: "In an allow-list: when present, the only values this parameter may take (for example `_summary` without `count`)."
* ^status = #active
* ^context[+].type = #element
* ^context[=].expression = "CapabilityStatement.rest.searchParam"
* ^context[+].type = #element
* ^context[=].expression = "CapabilityStatement.rest.resource.searchParam"
* value[x] only string
* valueString 1..1

Extension: OperationInvocation
Id: operation-invocation
Title: "Operation invocation level"
Description: "In an allow-list: on which level the requester may invoke this operation: on the type or on one instance."
* ^status = #active
* ^context[+].type = #element
* ^context[=].expression = "CapabilityStatement.rest.resource.operation"
* value[x] only code
* valueCode 1..1

Extension: OperationParameter
Id: operation-parameter
Title: "Allowed operation parameter"
Description: "In an allow-list: a parameter the requester may pass to this operation in the URL or in its Parameters. A parameter not listed is refused."
* ^status = #active
* ^context[+].type = #element
* ^context[=].expression = "CapabilityStatement.rest.resource.operation"
* ^context[+].type = #element
* ^context[=].expression = "CapabilityStatement.rest.operation"
* value[x] only string
* valueString 1..1
