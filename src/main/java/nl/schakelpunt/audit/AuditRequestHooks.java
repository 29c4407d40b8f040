package nl.schakelpunt.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import jakarta.servlet.http.HttpServletRequest;
import nl.schakelpunt.fhirserver.RequestInterceptor;
import nl.schakelpunt.identity.AuthenticationFailureListener;

/**
 * Enforcement point of the audit rule at the FHIR endpoint: every request (but the
 * CapabilityStatement) leaves one AuditEvent. A request that writes has its event written at
 * commit, in its own database transaction (see {@link AuditStorageHooks}); any other request has
 * it written just before the answer goes out, and gets a 500 instead of data if that fails. A
 * refusal, at the door or later, is recorded with its status and reason.
 */
@Component
@Interceptor
public class AuditRequestHooks implements RequestInterceptor, AuthenticationFailureListener {

    private static final Logger log = LoggerFactory.getLogger(AuditRequestHooks.class);

    private final AuditWriter writer;

    AuditRequestHooks(AuditWriter writer) {
        this.writer = writer;
    }

    /** Runs before the access rules, so that a refusal by them is recorded with the interaction. */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -1000)
    public boolean incoming(RequestDetails details, HttpServletRequest request) {
        writer.remember(details, request);
        return true;
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean outgoing(RequestDetails details, HttpServletRequest request) {
        if (AuditWriter.isAudited(details.getRestOperationType())) {
            AuditRecord record = AuditRecord.of(details);
            // A write's event was stored at commit. A batch commits entry by entry, and what its
            // read entries showed after the last commit still needs an event.
            boolean batchReadsLeft = details.getRestOperationType() == RestOperationTypeEnum.BATCH && !record.isEmpty();
            if (!record.eventWritten || batchReadsLeft) {
                writer.write(details, request, 200, null);
            }
        }
        return true;
    }

    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean failed(RequestDetails details, HttpServletRequest request, BaseServerResponseException exception) {
        if (exception.getStatusCode() >= 500) {
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), exception);
        }
        if (details.getRestOperationType() == null || AuditWriter.isAudited(details.getRestOperationType())) {
            try {
                writer.write(details, request, exception.getStatusCode(), exception.getMessage());
            } catch (RuntimeException e) {
                // The request is answered with an error either way; the lost record must be visible.
                log.error("Could not record refused request {} {} in the audit trail",
                        request.getMethod(), request.getRequestURI(), e);
            }
        }
        return true;
    }

    @Override
    public void refused(HttpServletRequest request, String reason) {
        try {
            writer.write(null, request, 401, reason);
        } catch (RuntimeException e) {
            log.error("Could not record unauthenticated request {} {} in the audit trail",
                    request.getMethod(), request.getRequestURI(), e);
        }
    }
}
