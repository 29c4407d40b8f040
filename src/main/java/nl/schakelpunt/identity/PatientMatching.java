package nl.schakelpunt.identity;

import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import nl.schakelpunt.fhirserver.RequestInterceptor;

/**
 * A Patient pushed by a holder with a BSN the exchange point already knows is matched to the
 * stored Patient instead of being refused as a duplicate: a create of a Patient becomes a
 * conditional create on its BSN, alone or as a transaction or batch entry. The answer then names
 * the existing Patient (200 instead of 201), and references in the same transaction point to it.
 */
@Component
@Interceptor
public class PatientMatching implements RequestInterceptor {

    private final FhirContext fhirContext;

    public PatientMatching(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean matchCreate(RequestDetails request) {
        if (request.getRestOperationType() == RestOperationTypeEnum.CREATE
                && "Patient".equals(request.getResourceName())
                && request.getHeader(Constants.HEADER_IF_NONE_EXIST) == null
                && request instanceof ServletRequestDetails servlet) {
            String bsn = bsnOf(parse(request));
            if (bsn != null) {
                servlet.addHeader(Constants.HEADER_IF_NONE_EXIST, criteria(bsn));
            }
        }
        return true;
    }

    @Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
    public void matchEntries(IBaseBundle bundle) {
        if (!(bundle instanceof Bundle transaction)) {
            return;
        }
        for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
            if (entry.getResource() instanceof Patient patient
                    && entry.getRequest().getMethod() == Bundle.HTTPVerb.POST
                    && !entry.getRequest().hasIfNoneExist()) {
                String bsn = bsnOf(patient);
                if (bsn != null) {
                    entry.getRequest().setIfNoneExist(criteria(bsn));
                }
            }
        }
    }

    private IBaseResource parse(RequestDetails request) {
        EncodingEnum encoding = EncodingEnum.forContentType(request.getHeader(Constants.HEADER_CONTENT_TYPE));
        byte[] body = request.loadRequestContents();
        if (encoding == null || body == null || body.length == 0) {
            return null;
        }
        try {
            return encoding.newParser(fhirContext).parseResource(new String(body, request.getCharset()));
        } catch (DataFormatException e) {
            // The create itself will parse the body again and answer the error with 400.
            return null;
        }
    }

    private static String bsnOf(IBaseResource resource) {
        if (!(resource instanceof Patient patient)) {
            return null;
        }
        String found = null;
        for (Identifier identifier : patient.getIdentifier()) {
            if (NamingSystems.BSN.equals(identifier.getSystem())) {
                if (found != null || identifier.getValue() == null) {
                    return null;
                }
                found = identifier.getValue();
            }
        }
        return found != null && IdentifierCheck.bsn(found).isEmpty() ? found : null;
    }

    private static String criteria(String bsn) {
        return "identifier=" + NamingSystems.BSN + "|" + bsn;
    }
}
