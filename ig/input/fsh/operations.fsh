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
