package nl.schakelpunt.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import nl.schakelpunt.access.AccessContext;
import nl.schakelpunt.access.RecordShares;
import nl.schakelpunt.fhirserver.OperationOutcomes;
import nl.schakelpunt.identity.IdentifierCheck;
import nl.schakelpunt.identity.NamingSystems;

/**
 * A record share: a patient lets someone they trust (a family member, a carer), who signs in with
 * their own BSN, read their record for a period. It is a Consent of its own profile: the patient
 * records it and ends it ({@code $withdraw}); while it is active and in its period, the person it
 * names reads the patient's record as the patient would, but not their permissions nor their audit
 * trail, and each look-up shows in the patient's trail under the share.
 */
@Component
public class RecordSharing implements RecordShares {

    public static final String PROFILE = PermissionCodes.CANONICAL_BASE + "/StructureDefinition/schakelpunt-record-share";
    /** LOINC "Release of information consent": what tells a share from a permission. */
    public static final String CATEGORY = "64292-6";
    static final String ACTOR_IDENTIFIER = "actor-identifier";
    private static final String CONSENT_ACTION_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentaction";

    private final IFhirResourceDao<Consent> consents;
    private final Duration longest;
    private final Clock clock;

    public RecordSharing(IFhirResourceDao<Consent> consentDao, ConsentProperties properties, Clock clock) {
        this.consents = consentDao;
        this.longest = properties.longestRecordShare();
        this.clock = clock;
    }

    /** Whether this Consent is a record share rather than a permission. */
    public static boolean isShare(IBaseResource resource) {
        if (!(resource instanceof Consent consent)) {
            return false;
        }
        return consent.getMeta().hasProfile(PROFILE) || consent.getCategory().stream()
                .flatMap(c -> c.getCoding().stream())
                .anyMatch(c -> PermissionCodes.LOINC.equals(c.getSystem()) && CATEGORY.equals(c.getCode()));
    }

    /** The person a share names: their BSN, or null when it names none. */
    public static String sharedWithBsn(Consent share) {
        for (Consent.provisionActorComponent actor : share.getProvision().getActor()) {
            Identifier identifier = actor.getReference().getIdentifier();
            if (NamingSystems.BSN.equals(identifier.getSystem())) {
                return identifier.getValue();
            }
        }
        return null;
    }

    @Override
    public Map<String, String> sharedWith(String bsn) {
        if (bsn == null) {
            return Map.of();
        }
        SearchParameterMap query = SearchParameterMap.newSynchronous()
                .add(ACTOR_IDENTIFIER, new TokenParam(NamingSystems.BSN, bsn))
                .add(Consent.SP_CATEGORY, new TokenParam(PermissionCodes.LOINC, CATEGORY))
                .add(Consent.SP_STATUS, new TokenParam(Consent.ConsentState.ACTIVE.toCode()));
        Instant now = clock.instant();
        Map<String, String> shared = new LinkedHashMap<>();
        for (IBaseResource found : consents.search(query, new SystemRequestDetails()).getAllResources()) {
            Consent share = (Consent) found;
            if (isShare(share) && bsn.equals(sharedWithBsn(share)) && inForce(share, now)) {
                shared.put(Permissions.patientId(share), share.getIdElement().getIdPart());
            }
        }
        return shared;
    }

    /** In force now: a period given in dates runs from the start of its first day to the end of its last. */
    private boolean inForce(Consent share, Instant now) {
        Permission permission = Permissions.of(share, clock.getZone());
        return permission.start() != null && permission.end() != null && !permission.start().isAfter(now)
                && permission.end().isAfter(now);
    }

    /**
     * A new share, recorded by the patient it is about (the decision point has said so): made
     * complete where the patient left it to the server (whose record, when, from now), then checked
     * against the rules the profile cannot express.
     */
    void recording(AccessContext patient, Consent share) {
        Reference self = new Reference(patient.patientReference().orElseThrow());
        if (!share.hasPatient()) {
            share.setPatient(self);
        }
        if (!share.hasPerformer()) {
            share.addPerformer(self);
        }
        if (!share.getMeta().hasProfile(PROFILE)) {
            share.getMeta().addProfile(PROFILE);
        }
        if (share.getCategory().isEmpty()) {
            share.addCategory(new CodeableConcept(new Coding(PermissionCodes.LOINC, CATEGORY, "Release of information consent")));
        }
        if (!share.hasScope()) {
            share.setScope(new CodeableConcept(new Coding(PermissionCodes.CONSENT_SCOPE_SYSTEM, PermissionCodes.PATIENT_PRIVACY,
                    "Privacy Consent")));
        }
        if (share.getPolicyRule().isEmpty()) {
            share.setPolicyRule(new CodeableConcept(new Coding(PermissionCodes.ACT_CODE_SYSTEM, PermissionCodes.OPT_IN, null)));
        }
        Instant now = clock.instant();
        if (!share.hasDateTime()) {
            share.setDateTime(Date.from(now));
        }
        Consent.ProvisionComponent provision = share.getProvision();
        if (!provision.hasType()) {
            provision.setType(Consent.ConsentProvisionType.PERMIT);
        }
        if (provision.getAction().isEmpty()) {
            provision.addAction(new CodeableConcept(new Coding(CONSENT_ACTION_SYSTEM, "access", "Access")));
        }
        for (Consent.provisionActorComponent actor : provision.getActor()) {
            if (!actor.hasRole()) {
                actor.setRole(new CodeableConcept(new Coding(PermissionCodes.PARTICIPATION_TYPE_SYSTEM,
                        PermissionCodes.INFORMATION_RECIPIENT, "information recipient")));
            }
        }
        if (!self.getReference().equals(share.getPatient().getReference())
                || share.getPerformer().stream().anyMatch(p -> !self.getReference().equals(p.getReference()))) {
            throw unprocessable("Consent.performer", "A patient shares only their own record, themselves");
        }
        if (share.getStatus() != Consent.ConsentState.ACTIVE) {
            throw unprocessable("Consent.status", "A record share is active from when it is given;"
                    + " recorded as " + (share.getStatus() == null ? "no status" : share.getStatus().toCode()));
        }
        String bsn = sharedWithBsn(share);
        if (bsn == null) {
            throw unprocessable("Consent.provision.actor.reference.identifier",
                    "A record share names the BSN of the person it is shared with");
        }
        Optional<String> wrong = IdentifierCheck.bsn(bsn);
        if (wrong.isPresent()) {
            throw unprocessable("Consent.provision.actor.reference.identifier.value", wrong.get());
        }
        if (bsn.equals(patient.requester().patientBsn())) {
            throw unprocessable("Consent.provision.actor.reference.identifier.value",
                    "A record is shared with someone else; the patient reads it themselves");
        }
        Period period = provision.getPeriod();
        if (!period.hasStart()) {
            period.setStart(Date.from(now));
        }
        if (!period.hasEnd()) {
            throw unprocessable("Consent.provision.period.end", "A record share ends on a date the patient chooses,"
                    + " at most " + longest.toDays() + " days after it starts");
        }
        Permission read = Permissions.of(share, clock.getZone());
        Instant start = read.start();
        Instant end = read.end();
        Instant today = LocalDate.now(clock).atStartOfDay(clock.getZone()).toInstant();
        if (start.isBefore(today) || !end.isAfter(start) || end.isAfter(start.plus(longest))) {
            throw unprocessable("Consent.provision.period", "A record share starts today or later and lasts at most "
                    + longest.toDays() + " days");
        }
    }

    private static UnprocessableEntityException unprocessable(String expression, String message) {
        return new UnprocessableEntityException(message, OperationOutcomes.error("business-rule", expression, message));
    }
}
