package nl.schakelpunt.consent;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;

import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;

/** Reads a FHIR Consent (the permission profile of the implementation guide) into a {@link Permission}. */
public final class Permissions {

    private Permissions() {
    }

    public static Permission of(Consent consent, ZoneId zone) {
        Consent.ProvisionComponent provision = consent.getProvision();
        List<Permission.Exclusion> exclusions = new ArrayList<>();
        for (Consent.ProvisionComponent nested : provision.getProvision()) {
            if (nested.getType() == Consent.ConsentProvisionType.DENY) {
                Set<String> recipients = new LinkedHashSet<>();
                for (Extension extension : nested.getExtensionsByUrl(PermissionCodes.RECIPIENT_CATEGORY_EXTENSION)) {
                    if (extension.getValue() instanceof CodeableConcept concept) {
                        concept.getCoding().forEach(c -> recipients.add(c.getCode()));
                    }
                }
                exclusions.add(new Permission.Exclusion(recipients, purposes(nested), categories(nested)));
            }
        }
        return new Permission(
                consent.getIdElement().getIdPart(),
                holderId(consent),
                status(consent),
                provision.getType() == Consent.ConsentProvisionType.DENY,
                channel(consent),
                provision.getPeriod().hasStart() ? start(provision.getPeriod().getStartElement(), zone) : null,
                provision.getPeriod().hasEnd() ? end(provision.getPeriod().getEndElement(), zone) : null,
                consent.hasDateTime() ? consent.getDateTime().toInstant() : null,
                purposes(provision),
                categories(provision),
                List.copyOf(exclusions),
                recipientOrganizationId(consent));
    }

    public static Permission.Status status(Consent consent) {
        if (consent.getStatus() == null) {
            return Permission.Status.DRAFT;
        }
        return switch (consent.getStatus()) {
            case PROPOSED -> Permission.Status.PROPOSED;
            case ACTIVE -> Permission.Status.ACTIVE;
            case REJECTED -> Permission.Status.REJECTED;
            case INACTIVE -> Permission.Status.INACTIVE;
            case ENTEREDINERROR -> Permission.Status.ENTERED_IN_ERROR;
            default -> Permission.Status.DRAFT;
        };
    }

    public static String channel(Consent consent) {
        Extension extension = consent.getExtensionByUrl(PermissionCodes.CHANNEL_EXTENSION);
        return extension != null && extension.getValue() instanceof Coding coding ? coding.getCode() : null;
    }

    public static String holderId(Consent consent) {
        return consent.getOrganization().isEmpty() ? null
                : consent.getOrganizationFirstRep().getReferenceElement().getIdPart();
    }

    public static String patientId(Consent consent) {
        return consent.getPatient().getReferenceElement().getIdPart();
    }

    /** The organisation a temporary permission lets see the data: the provision's information recipient. */
    public static String recipientOrganizationId(Consent consent) {
        for (Consent.provisionActorComponent actor : consent.getProvision().getActor()) {
            if (actor.getRole().getCoding().stream().anyMatch(c -> PermissionCodes.INFORMATION_RECIPIENT.equals(c.getCode()))) {
                Reference reference = actor.getReference();
                return reference.getReferenceElement().getIdPart();
            }
        }
        return null;
    }

    private static Set<String> purposes(Consent.ProvisionComponent provision) {
        Set<String> purposes = new LinkedHashSet<>();
        provision.getPurpose().forEach(p -> purposes.add(p.getCode()));
        return purposes;
    }

    private static Set<String> categories(Consent.ProvisionComponent provision) {
        Set<String> categories = new LinkedHashSet<>();
        provision.getCode().forEach(concept -> concept.getCoding().stream()
                .filter(c -> PermissionCodes.DATA_CATEGORY_SYSTEM.equals(c.getSystem()))
                .forEach(c -> categories.add(c.getCode())));
        return categories;
    }

    /**
     * Ends a permission at this moment. A start given as a date becomes the start of that day, to the
     * second: FHIRPath cannot order a date against a time on the same day, so the period's own
     * invariant (start before end) would fail on a permission given and withdrawn on one day. A start
     * still in the future ends where it starts: the permission never took effect.
     */
    public static void endNow(Consent consent, Clock clock) {
        ZoneId zone = clock.getZone();
        Period period = consent.getProvision().getPeriod();
        Instant end = clock.instant();
        if (period.hasStart()) {
            Instant start = start(period.getStartElement(), zone);
            if (period.getStartElement().getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
                period.setStartElement(new DateTimeType(Date.from(start), TemporalPrecisionEnum.SECOND,
                        TimeZone.getTimeZone(zone)));
            }
            if (start.isAfter(end)) {
                end = start;
            }
        }
        period.setEndElement(new DateTimeType(Date.from(end), TemporalPrecisionEnum.MILLI, TimeZone.getTimeZone(zone)));
    }

    /** A start given as a date begins at the start of that day. */
    private static Instant start(BaseDateTimeType value, ZoneId zone) {
        if (value.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
            return localDate(value).atStartOfDay(zone).toInstant();
        }
        return value.getValue().toInstant();
    }

    /** An end given as a date includes that whole day. */
    private static Instant end(BaseDateTimeType value, ZoneId zone) {
        if (value.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
            return localDate(value).plusDays(1).atStartOfDay(zone).toInstant();
        }
        return value.getValue().toInstant();
    }

    private static LocalDate localDate(BaseDateTimeType value) {
        int month = value.getMonth() == null ? 0 : value.getMonth();
        int day = value.getDay() == null ? 1 : value.getDay();
        return LocalDate.of(value.getYear(), month + 1, day);
    }
}
