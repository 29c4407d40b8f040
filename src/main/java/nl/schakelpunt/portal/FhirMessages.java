package nl.schakelpunt.portal;

import org.hl7.fhir.r4.model.OperationOutcome;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

/** The text of the API's answer when it refuses: the diagnostics of its OperationOutcome. */
final class FhirMessages {

    private FhirMessages() {
    }

    static String of(BaseServerResponseException e) {
        if (e.getOperationOutcome() instanceof OperationOutcome outcome && outcome.hasIssue()
                && outcome.getIssueFirstRep().hasDiagnostics()) {
            return outcome.getIssueFirstRep().getDiagnostics();
        }
        return "HTTP " + e.getStatusCode();
    }
}
