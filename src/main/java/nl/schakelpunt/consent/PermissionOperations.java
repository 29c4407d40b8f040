package nl.schakelpunt.consent;

import java.time.Clock;
import java.time.ZoneId;

import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import nl.schakelpunt.access.AccessContext;
import nl.schakelpunt.access.AccessContexts;
import nl.schakelpunt.access.AccessGuard;
import nl.schakelpunt.access.PermissionChange;
import nl.schakelpunt.audit.AuditSubjects;
import nl.schakelpunt.fhirserver.OperationOutcomes;
import nl.schakelpunt.fhirserver.OwnOperations;

/**
 * Enforcement point of the permission transitions:
 * {@code POST Consent/{id}/$process} (decision = accept | reject, with a reason for a rejection), by
 * the holder a request is addressed to; {@code POST Consent/{id}/$withdraw}, by the patient or the
 * holder (reason {@code entered-in-error}: the holder recorded it by mistake). The new status is
 * written as a new version of the Consent, in the request's own transaction and audit record.
 */
@Component
public class PermissionOperations implements OwnOperations {

    static final String ENTERED_IN_ERROR = "entered-in-error";

    private final IFhirResourceDao<Consent> consents;
    private final AccessContexts contexts;
    private final AccessGuard guard;
    private final Clock clock;

    public PermissionOperations(IFhirResourceDao<Consent> consentDao, AccessContexts contexts, AccessGuard guard,
            Clock clock) {
        this.guard = guard;
        this.consents = consentDao;
        this.contexts = contexts;
        this.clock = clock;
    }

    @Operation(name = "$process", type = Consent.class, idempotent = false)
    public Consent process(@IdParam IdType id,
            @OperationParam(name = "decision", min = 1, max = 1) CodeType decision,
            @OperationParam(name = "reason", max = 1) StringType reason,
            RequestDetails request) {
        AccessContext who = contexts.of(request).orElseThrow();
        Consent consent = stored(id, request);
        Permission.Status from = Permissions.status(consent);
        guard.requirePermissionChange(who, PermissionLifecycle.changeOf(PermissionChange.Action.PROCESS, consent),
                request, PermissionLifecycle::conflict);
        String verdict = decision == null ? null : decision.getValue();
        Permission.Status to;
        if ("accept".equals(verdict)) {
            to = Permission.Status.ACTIVE;
        } else if ("reject".equals(verdict)) {
            to = Permission.Status.REJECTED;
            if (reason == null || reason.isEmpty()) {
                throw unprocessable("Parameters.parameter.where(name = 'reason')",
                        "A rejection gives the patient a reason");
            }
        } else {
            throw unprocessable("Parameters.parameter.where(name = 'decision')", "decision is 'accept' or 'reject'");
        }
        if (from != Permission.Status.PROPOSED) {
            throw PermissionLifecycle.conflict("Cannot " + verdict + " a permission that is " + from.code()
                    + ": only a proposed request is processed");
        }
        consent.setStatus(to == Permission.Status.ACTIVE ? Consent.ConsentState.ACTIVE : Consent.ConsentState.REJECTED);
        if (to == Permission.Status.REJECTED) {
            consent.addExtension(PermissionCodes.REJECTION_REASON_EXTENSION, new StringType(reason.getValue()));
        }
        return write(consent, new PermissionTransition(id.getIdPart(), from, to), request);
    }

    @Operation(name = "$withdraw", type = Consent.class, idempotent = false)
    public Consent withdraw(@IdParam IdType id,
            @OperationParam(name = "reason", max = 1) CodeType reason,
            RequestDetails request) {
        AccessContext who = contexts.of(request).orElseThrow();
        Consent consent = stored(id, request);
        Permission.Status from = Permissions.status(consent);
        boolean inError = reason != null && ENTERED_IN_ERROR.equals(reason.getValue());
        if (reason != null && !inError) {
            throw unprocessable("Parameters.parameter.where(name = 'reason')",
                    "The only reason code is 'entered-in-error'");
        }
        Permission.Status to;
        guard.requirePermissionChange(who, PermissionLifecycle.changeOf(inError
                ? PermissionChange.Action.MARK_IN_ERROR : PermissionChange.Action.WITHDRAW, consent),
                request, PermissionLifecycle::conflict);
        if (inError) {
            if (from == Permission.Status.ENTERED_IN_ERROR) {
                throw PermissionLifecycle.conflict("The permission is already entered in error");
            }
            to = Permission.Status.ENTERED_IN_ERROR;
            consent.setStatus(Consent.ConsentState.ENTEREDINERROR);
        } else {
            if (from != Permission.Status.ACTIVE && from != Permission.Status.PROPOSED) {
                throw PermissionLifecycle.conflict("Cannot withdraw a permission that is " + from.code()
                        + ": only an active permission or a proposed request is withdrawn");
            }
            to = Permission.Status.INACTIVE;
            consent.setStatus(Consent.ConsentState.INACTIVE);
            Permissions.endNow(consent, clock);
        }
        return write(consent, new PermissionTransition(id.getIdPart(), from, to), request);
    }

    /**
     * The stored permission, read without the requester's view so that a refusal can name the
     * transition; a Consent that does not exist is 404.
     */
    private Consent stored(IdType id, RequestDetails request) {
        Consent consent;
        try {
            consent = consents.read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
        } catch (ResourceNotFoundException e) {
            throw new ResourceNotFoundException(id.toUnqualifiedVersionless());
        }
        if (AccessContexts.isHttp(request)) {
            AuditSubjects.reachedFor(request, "Patient/" + Permissions.patientId(consent));
        }
        return consent;
    }

    private Consent write(Consent consent, PermissionTransition transition, RequestDetails request) {
        transition.markOn(request);
        consent.getMeta().setVersionId(null);
        return (Consent) consents.update(consent, request).getResource();
    }

    private static UnprocessableEntityException unprocessable(String expression, String message) {
        return new UnprocessableEntityException(message, OperationOutcomes.error("invalid", expression, message));
    }
}
