package nl.schakelpunt.portal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import nl.schakelpunt.consent.Permission;
import nl.schakelpunt.consent.Permissions;
import nl.schakelpunt.consent.RecordSharing;
import nl.schakelpunt.identity.NamingSystems;

/**
 * "Share with someone I trust": the shares of the patient's record (with whom, until when, whether they still run),
 * a new share, and the records others share with the signed-in person. Through the API with the person's own token:
 * a share is a Consent the patient records and ends ($withdraw); a shared record is read as the patient's own is.
 */
@Component
class SharingPages {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-yyyy");

    /** One share of the patient's record. State: active, ended (its period is over) or withdrawn. */
    public record Share(String id, String name, String bsn, String from, String until, String state) {
        public boolean active() {
            return "active".equals(state);
        }
    }

    /** A record someone shares with the signed-in person. */
    public record SharedRecord(String patientId, String name, String birthDate) {
    }

    private final Clock clock;

    SharingPages(Clock clock) {
        this.clock = clock;
    }

    /** The patient's shares among their Consents, running ones first, then newest first. */
    List<Share> shares(List<Consent> consents) {
        Instant now = clock.instant();
        return consents.stream().filter(RecordSharing::isShare)
                .filter(c -> c.getStatus() != Consent.ConsentState.ENTEREDINERROR)
                .sorted(Comparator.comparing((Consent c) -> c.getDateTime() == null ? Instant.MIN
                        : c.getDateTime().toInstant()).reversed())
                .map(c -> share(c, now))
                .sorted(Comparator.comparing((Share s) -> !s.active()))
                .toList();
    }

    /** The name the patient gave each of their shares, by {@code Consent/id}: the trail names who looked by it. */
    Map<String, String> namesByShare(List<Consent> consents) {
        return consents.stream().filter(RecordSharing::isShare)
                .filter(c -> c.getProvision().getActorFirstRep().getReference().hasDisplay())
                .collect(Collectors.toMap(c -> "Consent/" + c.getIdElement().getIdPart(),
                        c -> c.getProvision().getActorFirstRep().getReference().getDisplay(), (a, b) -> a));
    }

    private Share share(Consent consent, Instant now) {
        Permission read = Permissions.of(consent, clock.getZone());
        String state = consent.getStatus() != Consent.ConsentState.ACTIVE ? "withdrawn"
                : read.end() != null && !read.end().isAfter(now) ? "ended" : "active";
        Reference person = consent.getProvision().getActorFirstRep().getReference();
        return new Share(consent.getIdElement().getIdPart(), person.getDisplay(), RecordSharing.sharedWithBsn(consent),
                day(consent.getProvision().getPeriod().getStartElement()),
                day(consent.getProvision().getPeriod().getEndElement()), state);
    }

    /** A date as the patient gave it; a moment as the day it falls on here. */
    private String day(BaseDateTimeType value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
            return LocalDate.parse(value.getValueAsString().substring(0, 10)).format(DAY);
        }
        return LocalDate.ofInstant(value.getValue().toInstant(), clock.getZone()).format(DAY);
    }

    /** A new share of the patient's record with this person, from now until the end of the day chosen. */
    Consent newShare(String patientId, String name, String bsn, LocalDate until) {
        Consent share = new Consent().setStatus(Consent.ConsentState.ACTIVE).setPatient(new Reference("Patient/" + patientId));
        share.getMeta().addProfile(RecordSharing.PROFILE);
        share.getProvision().getPeriod().setEndElement(new DateTimeType(until.toString()));
        share.getProvision().addActor().setReference(new Reference().setDisplay(name.strip())
                .setIdentifier(new Identifier().setSystem(NamingSystems.BSN).setValue(bsn.strip())));
        return share;
    }

    /** The records others share with the signed-in person: every Patient they may read but their own. */
    List<SharedRecord> sharedWithMe(IGenericClient client, String ownBsn) {
        Bundle found;
        try {
            found = client.search().forResource(Patient.class).count(50).returnBundle(Bundle.class).execute();
        } catch (ForbiddenOperationException e) {
            // The API's answer to a login with no record of its own and none shared with it: nothing to list.
            return List.of();
        }
        return found.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Patient.class::isInstance).map(Patient.class::cast)
                .filter(p -> p.getIdentifier().stream().noneMatch(i -> NamingSystems.BSN.equals(i.getSystem())
                        && ownBsn.equals(i.getValue())))
                .map(p -> new SharedRecord(p.getIdElement().getIdPart(), PatientPages.nameOf(p),
                        p.hasBirthDate() ? LocalDate.parse(p.getBirthDateElement().getValueAsString()).format(DAY) : null))
                .toList();
    }

    /** The default end of a new share: three months from today. */
    LocalDate defaultUntil() {
        return LocalDate.now(clock).plusMonths(3);
    }
}
