package nl.schakelpunt.fhirserver;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/**
 * The errors of a patch that does not apply quote the stored resource (a JSON Patch {@code copy}
 * of a text into a date field answers with the text; a failed {@code test} tells the stored
 * value). No error message carries stored content: such an answer says which kind of patch failed
 * and how to find out why, alone and inside a batch or transaction.
 */
@Component
@Interceptor
public class PatchErrors implements RequestInterceptor {

    /** HAPI's message codes of a JSON, XML or FHIRPath patch that does not apply. */
    private static final Set<String> PATCH_CODES = Set.of("1266", "1267", "1268", "1269", "1271", "1272", "2704",
            "2710", "2711", "2712", "2713", "2714", "2715", "2719", "2726", "2761");
    private static final Pattern CODE = Pattern.compile("HAPI-(\\d{4})");

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException sanitise(RequestDetails request, Throwable exception) {
        if (exception instanceof BaseServerResponseException error && patchCode(error.getMessage()) != null) {
            String message = withoutContent(patchCode(error.getMessage()));
            return new InvalidRequestException(message, OperationOutcomes.error("processing", null, message));
        }
        return null;
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean sanitiseEntries(IBaseResource response) {
        if (response instanceof Bundle bundle) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                if (entry.getResponse().getOutcome() instanceof OperationOutcome outcome) {
                    for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
                        String code = patchCode(issue.getDiagnostics());
                        if (code != null) {
                            issue.setDiagnostics(withoutContent(code));
                        }
                    }
                }
            }
        }
        return true;
    }

    private static String patchCode(String message) {
        if (message == null) {
            return null;
        }
        Matcher matcher = CODE.matcher(message);
        while (matcher.find()) {
            if (PATCH_CODES.contains(matcher.group(1))) {
                return matcher.group(1);
            }
        }
        return null;
    }

    private static String withoutContent(String code) {
        return "HAPI-" + code + ": The patch could not be applied to the resource: an operation's path does not"
                + " exist, a test operation failed, or a value does not fit the element it is put into."
                + " Check each operation's path and the type of its value against the resource's profile.";
    }
}
