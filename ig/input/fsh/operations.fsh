Instance: process
InstanceOf: OperationDefinition
Usage: #definition
Title: "Process an online permission request"
* url = "https://schakelpunt.nl/fhir/OperationDefinition/process"
* name = "Process"
* title = "Process an online permission request"
* status = #active
* kind = #operation
* description = "The data holder a patient's online request (a proposed permission) is addressed to accepts it (the permission becomes active, and an older active one for the same patient and holder inactive) or rejects it with a reason the patient sees. Only a proposed request can be processed; anything else is refused with 409."
* affectsState = true
* code = #process
* resource[0] = #Consent
* system = false
* type = false
* instance = true
* parameter[0].name = #decision
* parameter[=].use = #in
* parameter[=].min = 1
* parameter[=].max = "1"
* parameter[=].type = #code
* parameter[=].documentation = "accept or reject"
* parameter[+].name = #reason
* parameter[=].use = #in
* parameter[=].min = 0
* parameter[=].max = "1"
* parameter[=].type = #string
* parameter[=].documentation = "Why the request is rejected; required for a rejection, shown to the patient"
* parameter[+].name = #return
* parameter[=].use = #out
* parameter[=].min = 1
* parameter[=].max = "1"
* parameter[=].type = #Consent
* parameter[=].documentation = "The permission after processing"

Instance: withdraw
InstanceOf: OperationDefinition
Usage: #definition
Title: "Withdraw a permission"
* url = "https://schakelpunt.nl/fhir/OperationDefinition/withdraw"
* name = "Withdraw"
* title = "Withdraw a permission"
* status = #active
* kind = #operation
* description = "The patient, or the data holder a permission is addressed to, withdraws an active permission or a proposed request: it becomes inactive and ends now, effective for the very next request. The holder may instead mark a permission it recorded by mistake as entered in error (reason entered-in-error). Anything else is refused with 409."
* affectsState = true
* code = #withdraw
* resource[0] = #Consent
* system = false
* type = false
* instance = true
* parameter[0].name = #reason
* parameter[=].use = #in
* parameter[=].min = 0
* parameter[=].max = "1"
* parameter[=].type = #code
* parameter[=].documentation = "entered-in-error: the holder recorded the permission by mistake"
* parameter[+].name = #return
* parameter[=].use = #out
* parameter[=].min = 1
* parameter[=].max = "1"
* parameter[=].type = #Consent
* parameter[=].documentation = "The permission after withdrawal"

Instance: locate
InstanceOf: OperationDefinition
Usage: #definition
Title: "Locate the holders of a patient's data"
* url = "https://schakelpunt.nl/fhir/OperationDefinition/locate"
* name = "Locate"
* title = "Locate the holders of a patient's data"
* status = #active
* kind = #operation
* description = "For a treating professional: the Organizations that hold data about the patient that this professional may see now (by the patient's permissions, the role matrix and the time window), each with the data categories it offers (extension offered-data-category). Holders whose data the professional may not see are not named."
* affectsState = false
* code = #locate
* resource[0] = #Patient
* system = false
* type = true
* instance = false
* parameter[0].name = #identifier
* parameter[=].use = #in
* parameter[=].min = 1
* parameter[=].max = "1"
* parameter[=].type = #string
* parameter[=].searchType = #token
* parameter[=].documentation = "The patient's BSN: http://fhir.nl/fhir/NamingSystem/bsn|<bsn>"
* parameter[+].name = #return
* parameter[=].use = #out
* parameter[=].min = 1
* parameter[=].max = "1"
* parameter[=].type = #Bundle
* parameter[=].documentation = "A searchset of Organizations"

Instance: summary
InstanceOf: OperationDefinition
Usage: #definition
Title: "The patient summary a treating professional may see"
* url = "https://schakelpunt.nl/fhir/OperationDefinition/summary"
* name = "Summary"
* title = "The patient summary a treating professional may see"
* status = #active
* kind = #operation
* description = "For a treating professional: a FHIR document (Bundle of type document) after the International Patient Summary's structure, with sections for medication (uses, dispenses, prescriptions), allergies and intolerances, open problems, the contacts of the time window with their journal entries, and results; each entry names its holder. Everything is filtered by the exchange point's rule; a section without data says so, never why."
* affectsState = false
* code = #summary
* resource[0] = #Patient
* system = false
* type = true
* instance = true
* parameter[0].name = #identifier
* parameter[=].use = #in
* parameter[=].min = 0
* parameter[=].max = "1"
* parameter[=].type = #string
* parameter[=].searchType = #token
* parameter[=].documentation = "The patient's BSN, when the operation is not called on a Patient instance"
* parameter[+].name = #return
* parameter[=].use = #out
* parameter[=].min = 1
* parameter[=].max = "1"
* parameter[=].type = #Bundle
* parameter[=].documentation = "The summary document"

Instance: emergency-regime
InstanceOf: OperationDefinition
Usage: #definition
Title: "Switch the temporary emergency regime"
* url = "https://schakelpunt.nl/fhir/OperationDefinition/emergency-regime"
* name = "EmergencyRegime"
* title = "Switch the temporary emergency regime"
* status = #active
* kind = #operation
* description = "An operator switches the temporary emergency regime on (active = true, from start until end; without an end it lasts the configured period) or off (active = false). While it is on, out-of-hours GP services and emergency physicians looking up for emergency treatment (ETREAT) see the GP summary of patients who recorded no choice at a GP practice, never of those who refused or withdrew. Switching is audited, and every look-up that showed data under the regime is flagged in its AuditEvent. Off by default."
* affectsState = true
* code = #emergency-regime
* system = true
* type = false
* instance = false
* parameter[0].name = #active
* parameter[=].use = #in
* parameter[=].min = 1
* parameter[=].max = "1"
* parameter[=].type = #boolean
* parameter[+].name = #start
* parameter[=].use = #in
* parameter[=].min = 0
* parameter[=].max = "1"
* parameter[=].type = #dateTime
* parameter[+].name = #end
* parameter[=].use = #in
* parameter[=].min = 0
* parameter[=].max = "1"
* parameter[=].type = #dateTime
* parameter[+].name = #return
* parameter[=].use = #out
* parameter[=].min = 1
* parameter[=].max = "1"
* parameter[=].type = #Parameters
* parameter[=].documentation = "The regime's state: active, start, end"

Instance: online-permissions
InstanceOf: OperationDefinition
Usage: #definition
Title: "A data holder's setting for online permissions"
* url = "https://schakelpunt.nl/fhir/OperationDefinition/online-permissions"
* name = "OnlinePermissions"
* title = "A data holder's setting for online permissions"
* status = #active
* kind = #operation
* description = "A data holder (its system or its staff) says whether permissions its patients give online with a verified login (DigiD substantieel or hoog) take effect at once (at-once = true) or wait until it processes them ($process, the default). Only the holder itself changes its setting; the answer is the holder's Organization with the setting in the extension online-permissions-at-once."
* affectsState = true
* code = #online-permissions
* resource[0] = #Organization
* system = false
* type = false
* instance = true
* parameter[0].name = #at-once
* parameter[=].use = #in
* parameter[=].min = 1
* parameter[=].max = "1"
* parameter[=].type = #boolean
* parameter[=].documentation = "true: online permissions with a verified login take effect at once; false: they wait for processing"
* parameter[+].name = #return
* parameter[=].use = #out
* parameter[=].min = 1
* parameter[=].max = "1"
* parameter[=].type = #Organization
* parameter[=].documentation = "The holder's Organization, with its setting"
