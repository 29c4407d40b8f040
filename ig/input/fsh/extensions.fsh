Extension: Holder
Id: holder
Title: "Data holder"
Description: "The organisation (GP practice, pharmacy) that holds this record and answers for it. Set by the exchange point from the writer's identity, never taken from the payload."
* ^status = #active
* ^context[+].type = #element
* ^context[=].expression = "MedicationStatement"
* ^context[+].type = #element
* ^context[=].expression = "MedicationRequest"
* ^context[+].type = #element
* ^context[=].expression = "MedicationDispense"
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
* value[x] only Reference(Organization)
* valueReference 1..1

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

Extension: OfferedDataCategory
Id: offered-data-category
Title: "Offered data category"
Description: "On an Organization returned by Patient/$locate: a data category of which this holder has data about the patient that the requester may see."
* ^status = #active
* ^context[+].type = #element
* ^context[=].expression = "Organization"
* value[x] only Coding
* valueCoding from https://schakelpunt.nl/fhir/ValueSet/data-categories (required)
