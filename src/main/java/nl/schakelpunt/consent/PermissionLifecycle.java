package nl.schakelpunt.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import nl.schakelpunt.access.AccessContext;
import nl.schakelpunt.access.AccessProperties;
import nl.schakelpunt.access.AccessContexts;
import nl.schakelpunt.access.AccessGuard;
import nl.schakelpunt.access.PermissionChange;
import nl.schakelpunt.access.ResourceFacts;
import nl.schakelpunt.audit.AuditSubjects;
import nl.schakelpunt.fhirserver.OperationOutcomes;
import nl.schakelpunt.fhirserver.StorageInterceptor;

/**
 * The rules of a permission's life, enforced inside the database transaction of every write. Who
 * may make which change is the decision point's to say ({@link AccessGuard}); what the change must
 * then look like is said here:
 * <ul>
 * <li>a holder records a permission given at its desk (verbally, on paper): active at once;
 * <li>a patient asks online: a permit starts as proposed until the holder processes it, a refusal
 *     takes effect at once;
 * <li>a treating provider records a temporary permission given at the point of care, for its own
 *     organisation, for at most the configured duration (72 hours);
 * <li>a status changes only through {@code $process} or {@code $withdraw}, never by an update;
 * <li>a permission is never deleted;
 * <li>activating a permission makes the older active one for the same patient and holder inactive;
 * <li>a record share is the patient's alone to give and end ({@link RecordSharing}), and not changed.
 * </ul>
 */
@Component
@Interceptor
public class PermissionLifecycle implements StorageInterceptor {

    private static final Set<String> AT_THE_HOLDER = Set.of(PermissionCodes.VERBAL, PermissionCodes.PAPER);

    private final AccessContexts contexts;
    private final AccessGuard guard;
    private final IFhirResourceDao<Consent> consents;
    private final IFhirResourceDao<Organization> organizations;
    private final ConsentProperties properties;
    private final Set<String> holderTypes;
    private final RecordSharing sharing;
    private final Clock clock;

    public PermissionLifecycle(AccessContexts contexts, AccessGuard guard, IFhirResourceDao<Consent> consentDao,
            IFhirResourceDao<Organization> organizationDao, ConsentProperties properties,
            AccessProperties accessProperties, RecordSharing sharing, Clock clock) {
        this.sharing = sharing;
        this.clock = clock;
        this.contexts = contexts;
        this.guard = guard;
        this.consents = consentDao;
        this.organizations = organizationDao;
        this.properties = properties;
        this.holderTypes = accessProperties.holderTypes();
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -150)
    public void recording(IBaseResource resource, RequestDetails request) {
        if (!(resource instanceof Consent consent)) {
            return;
        }
        Optional<AccessContext> context = contexts.of(request);
        if (context.isEmpty()) {
            return;
        }
        AccessContext who = context.get();
        String patientId = consent.hasPatient() ? Permissions.patientId(consent) : null;
        if (RecordSharing.isShare(consent)) {
            guard.requirePermissionChange(who, new PermissionChange(PermissionChange.Action.SHARE_RECORD, patientId,
                    null, null), request, AccessContexts::forbidden);
            sharing.recording(who, consent);
            return;
        }
        PermissionChange.Party party = guard.requirePermissionChange(who, new PermissionChange(
                PermissionChange.Action.RECORD, patientId, Permissions.holderId(consent), null),
                request, AccessContexts::forbidden);
        switch (party) {
            case PATIENT -> askedOnline(who, consent);
            case HOLDER -> givenAtTheHolder(who, consent);
            case POINT_OF_CARE -> givenAtThePointOfCare(who, consent);
            case RECIPIENT -> throw AccessContexts.forbidden("A temporary permission is recorded by a treating"
                    + " professional at the point of care");
        }
        if (consent.getStatus() == Consent.ConsentState.ACTIVE && Permissions.recipientOrganizationId(consent) == null) {
            retireOlder(consent, null, request);
        }
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -150)
    public void changing(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        if (!(resource instanceof Consent consent) || !(previous instanceof Consent before)) {
            return;
        }
        Optional<AccessContext> context = contexts.of(request);
        if (context.isEmpty()) {
            return;
        }
        String id = before.getIdElement().getIdPart();
        if (RecordSharing.isShare(before) != RecordSharing.isShare(consent)) {
            throw unprocessable("Consent.category", "A permission does not become a record share, nor the other way");
        }
        Permission.Status from = Permissions.status(before);
        Permission.Status to = Permissions.status(consent);
        if (from != to) {
            PermissionTransition transition = PermissionTransition.of(request);
            if (transition == null || !transition.allows(id, from, to)) {
                throw conflict("Changing a permission's status from " + from.code() + " to " + to.code()
                        + " by an update is not allowed; use $process (the holder) or $withdraw");
            }
            if (to == Permission.Status.ACTIVE) {
                retireOlder(consent, id, request);
            }
            return;
        }
        if (RecordSharing.isShare(before)) {
            throw AccessContexts.forbidden("A record share is not changed; the patient ends it ($withdraw) and"
                    + " shares the record again");
        }
        guard.requirePermissionChange(context.get(), changeOf(PermissionChange.Action.UPDATE, before),
                request, AccessContexts::forbidden);
        if (Permissions.recipientOrganizationId(before) != null) {
            throw AccessContexts.forbidden("A temporary permission is not updated; it ends by itself or is withdrawn");
        }
        if (!Permissions.holderId(before).equals(Permissions.holderId(consent))) {
            throw unprocessable("Consent.organization", "The holder of a permission does not change");
        }
    }

    /** The policy lets nobody delete a permission, so that its history is kept ($withdraw ends it). */
    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = -150)
    public void deleting(IBaseResource resource, RequestDetails request) {
        Optional<AccessContext> context = contexts.of(request);
        if (resource instanceof Consent consent && context.isPresent()) {
            guard.requirePermissionChange(context.get(), changeOf(PermissionChange.Action.DELETE, consent), request,
                    AccessContexts::forbidden);
        }
    }

    /** A change to a stored permission, as the decision point sees it. */
    static PermissionChange changeOf(PermissionChange.Action action, Consent stored) {
        return new PermissionChange(action, Permissions.patientId(stored), Permissions.holderId(stored),
                Permissions.recipientOrganizationId(stored));
    }

    /** A patient's online request: about themselves, to a data holder; a permit waits, a refusal counts at once. */
    private void askedOnline(AccessContext who, Consent consent) {
        if (!consent.hasPatient()) {
            consent.setPatient(new Reference(who.patientReference().orElseThrow()));
        }
        requireChannel(consent, Set.of(PermissionCodes.ONLINE), "A permission asked for by the patient has channel 'online'");
        Organization holder = requireHolder(consent);
        boolean refusal = consent.getProvision().getType() == Consent.ConsentProvisionType.DENY;
        if (refusal && consent.getStatus() != Consent.ConsentState.ACTIVE) {
            throw unprocessable("Consent.status", "A refusal asked for online takes effect at once: its status is active");
        }
        if (!refusal && consent.getStatus() == Consent.ConsentState.ACTIVE
                && HolderSettings.onlinePermissionsAtOnce(holder) && who.requester().verifiedLogin()) {
            return;
        }
        if (!refusal && consent.getStatus() != Consent.ConsentState.PROPOSED) {
            throw unprocessable("Consent.status", "A permission asked for online starts as proposed;"
                    + " it takes effect when the holder accepts it ($process), or at once only where the holder"
                    + " says so ($online-permissions) and the login was verified (DigiD substantieel or hoog)");
        }
    }

    /** Given at the holder's desk, recorded by its staff: addressed to the holder itself, active at once. */
    private void givenAtTheHolder(AccessContext who, Consent consent) {
        if (consent.getOrganization().isEmpty()) {
            consent.addOrganization(new Reference("Organization/" + who.organizationId()));
        }
        requireChannel(consent, AT_THE_HOLDER, "A permission recorded by the holder was given verbally or on paper");
        if (consent.getStatus() != Consent.ConsentState.ACTIVE) {
            throw unprocessable("Consent.status", "A permission given at the holder is active at once;"
                    + " recorded as " + (consent.getStatus() == null ? "no status" : consent.getStatus().toCode()));
        }
    }

    /** Given verbally to a treating provider: a temporary permit for that provider's organisation only. */
    private void givenAtThePointOfCare(AccessContext who, Consent consent) {
        requireChannel(consent, Set.of(PermissionCodes.POINT_OF_CARE), "Only a data holder records a lasting permission;"
                + " a treating provider records a temporary one given at the point of care (channel 'point-of-care')");
        requireHolder(consent);
        if (consent.getStatus() != Consent.ConsentState.ACTIVE
                || consent.getProvision().getType() != Consent.ConsentProvisionType.PERMIT) {
            throw unprocessable("Consent.status", "A temporary permission is an active permit");
        }
        consent.getProvision().getActor().removeIf(actor -> actor.getRole().getCoding().stream()
                .anyMatch(c -> PermissionCodes.INFORMATION_RECIPIENT.equals(c.getCode())));
        consent.getProvision().addActor()
                .setRole(new CodeableConcept(new Coding(PermissionCodes.PARTICIPATION_TYPE_SYSTEM,
                        PermissionCodes.INFORMATION_RECIPIENT, "information recipient")))
                .setReference(new Reference("Organization/" + who.organizationId()));
        Instant now = clock.instant();
        var period = consent.getProvision().getPeriod();
        if (!period.hasStart()) {
            period.setStart(Date.from(now));
        }
        Instant start = period.getStart().toInstant();
        Instant latestEnd = start.plus(properties.temporaryDuration());
        if (!period.hasEnd()) {
            period.setEnd(Date.from(latestEnd));
        }
        if (period.getEnd().toInstant().isAfter(latestEnd) || start.isAfter(now.plus(Duration.ofMinutes(5)))) {
            throw unprocessable("Consent.provision.period", "A temporary permission starts now and lasts at most "
                    + properties.temporaryDuration().toHours() + " hours");
        }
    }

    private static void requireChannel(Consent consent, Set<String> allowed, String message) {
        String channel = Permissions.channel(consent);
        if (channel == null || !allowed.contains(channel)) {
            throw unprocessable("Consent.extension('" + PermissionCodes.CHANNEL_EXTENSION + "')", message
                    + (channel == null ? "" : "; given: " + channel));
        }
    }

    /** The organisation a permission is addressed to must be a registered data holder. */
    private Organization requireHolder(Consent consent) {
        String holderId = Permissions.holderId(consent);
        if (holderId == null) {
            throw unprocessable("Consent.organization", "A permission names the data holder it is given to");
        }
        Organization holder = organizations.read(new IdType("Organization", holderId),
                new SystemRequestDetails());
        boolean isHolder = ResourceFacts.isRegistered(holder) && holder.getType().stream()
                .flatMap(t -> t.getCoding().stream()).anyMatch(c -> holderTypes.contains(c.getCode()));
        if (!isHolder) {
            throw unprocessable("Consent.organization", "Organization/" + holderId + " is not a data holder");
        }
        return holder;
    }

    /**
     * Makes the other active permissions of this patient at this holder inactive, ending them now,
     * and records each in the audit event of the request that caused it.
     */
    private void retireOlder(Consent newer, String newerId, RequestDetails request) {
        String holderId = Permissions.holderId(newer);
        if (holderId == null || !newer.hasPatient()) {
            return;
        }
        SearchParameterMap query = SearchParameterMap.newSynchronous()
                .add(Consent.SP_PATIENT, new ReferenceParam("Patient/" + Permissions.patientId(newer)))
                .add(Consent.SP_ORGANIZATION, new ReferenceParam("Organization/" + holderId))
                .add(Consent.SP_STATUS, new TokenParam(Consent.ConsentState.ACTIVE.toCode()));
        SystemRequestDetails system = new SystemRequestDetails();
        List<IBaseResource> older = consents.search(query, system).getAllResources();
        for (IBaseResource found : older) {
            Consent old = (Consent) found;
            if (old.getIdElement().getIdPart().equals(newerId) || Permissions.recipientOrganizationId(old) != null) {
                continue;
            }
            old.setStatus(Consent.ConsentState.INACTIVE);
            Permissions.endNow(old, clock);
            DaoMethodOutcome outcome = consents.update(old, system);
            if (AccessContexts.isHttp(request)) {
                AuditSubjects.written(request, outcome.getId().toUnqualified().getValue(),
                        "Patient/" + Permissions.patientId(old), Set.of("Organization/" + holderId));
            }
        }
    }

    private static UnprocessableEntityException unprocessable(String expression, String message) {
        return new UnprocessableEntityException(message, OperationOutcomes.error("business-rule", expression, message));
    }

    static ResourceVersionConflictException conflict(String message) {
        return new ResourceVersionConflictException(message, null,
                OperationOutcomes.error("business-rule", "Consent.status", message));
    }
}
