package nl.schakelpunt.portal;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import nl.schakelpunt.identity.NamingSystems;

/**
 * "Who looked": the patient's audit trail in words, newest first, a page at a time. The events come from the API's
 * AuditEvent search (the patient's own view of each event); the names of people and organisations from its directory.
 */
@Component
class AuditTrailPages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm");
    private static final String ROLE_RESOURCE = "4";
    private static final String ROLE_HOLDER = "17";
    /** Searches of the API per page shown, at most. */
    private static final int MAX_FETCHES = 5;

    /** One event as the patient reads it. */
    public record Row(String when, String who, String role, String organization, boolean self, boolean sharedWith,
            String purpose, boolean emergencyRegime, String action, List<String> dataTypes, List<String> holders,
            boolean refused, boolean permissionChange) {
    }

    /** A page of events, and the cursor of the next (older) page, if any. */
    public record Page(List<Row> rows, String older) {
        static final Page EMPTY = new Page(List.of(), null);
    }

    private final PortalProperties properties;
    private final Clock clock;

    AuditTrailPages(PortalProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param shareNames the names the patient gave the people they share their record with, by share
     *                   ({@code Consent/id}): a look-up under a share is theirs
     */
    Page page(IGenericClient client, Patient patient, String before, Map<String, String> shareNames) {
        Names names = new Names(client);
        String ownBsn = patient.getIdentifier().stream().filter(i -> NamingSystems.BSN.equals(i.getSystem()))
                .map(Identifier::getValue).findFirst().orElse(null);
        List<Row> rows = new ArrayList<>();
        String cursor = before;
        boolean more = true;
        // The patient's own look-ups (every visit to the portal is one) are left out; their permission changes stay.
        for (int fetched = 0; more && rows.size() < properties.trailPageSize() && fetched < MAX_FETCHES; fetched++) {
            StringBuilder url = new StringBuilder("AuditEvent?_sort=-date&_count=").append(properties.trailPageSize());
            if (cursor != null && !cursor.isBlank()) {
                // The cursor is the time of the last event shown; a malformed one is refused by the API.
                url.append("&date=lt").append(PatientPages.encode(cursor));
            }
            Bundle bundle = client.search().byUrl(url.toString()).returnBundle(Bundle.class).execute();
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                if (entry.getResource() instanceof AuditEvent event) {
                    cursor = event.getRecordedElement().getValueAsString();
                    Row row = row(event, ownBsn, names, shareNames);
                    if (!row.self() || row.permissionChange()) {
                        rows.add(row);
                    }
                    if (rows.size() == properties.trailPageSize()) {
                        break;
                    }
                }
            }
            more = bundle.getLink(Bundle.LINK_NEXT) != null || rows.size() == properties.trailPageSize();
        }
        return new Page(rows, more ? cursor : null);
    }

    private Row row(AuditEvent event, String ownBsn, Names names, Map<String, String> shareNames) {
        String who = null;
        String role = null;
        String organization = null;
        boolean self = false;
        boolean sharedWith = false;
        for (AuditEvent.AuditEventAgentComponent agent : event.getAgent()) {
            Reference reference = agent.getWho();
            if (reference.hasIdentifier() && NamingSystems.UZI_PERSON.equals(reference.getIdentifier().getSystem())) {
                Names.Professional professional = names.professional(reference.getIdentifier().getValue());
                who = professional.name();
                role = professional.role();
            } else if (reference.hasIdentifier() && NamingSystems.BSN.equals(reference.getIdentifier().getSystem())) {
                if (reference.getIdentifier().getValue().equals(ownBsn)) {
                    self = true;
                } else {
                    // Someone the patient shares their record with: the view names the share that let them look.
                    sharedWith = true;
                    who = agent.getPolicy().stream().map(p -> shareNames.get(p.getValue()))
                            .filter(name -> name != null).findFirst().orElse(null);
                }
            } else if (reference.getReference() != null && reference.getReference().startsWith("Organization/")) {
                organization = names.organization(reference.getReferenceElement().getIdPart());
            } else if (reference.hasDisplay() && who == null) {
                who = reference.getDisplay();
            }
        }
        String purpose = event.getPurposeOfEvent().stream().flatMap(c -> c.getCoding().stream()).map(Coding::getCode)
                .findFirst().orElse(null);
        boolean regime = event.getEntity().stream().flatMap(e -> e.getDetail().stream()).findAny().isPresent();
        Set<String> types = new LinkedHashSet<>();
        Set<String> holders = new LinkedHashSet<>();
        boolean permissionChange = false;
        for (AuditEvent.AuditEventEntityComponent entity : event.getEntity()) {
            String entityRole = entity.getRole().getCode();
            Reference what = entity.getWhat();
            if (ROLE_HOLDER.equals(entityRole) && what.getReference() != null) {
                holders.add(names.organization(what.getReferenceElement().getIdPart()));
            } else if (ROLE_RESOURCE.equals(entityRole) && what.getReference() != null) {
                String type = what.getReferenceElement().getResourceType();
                if (type != null && !type.equals("Patient")) {
                    types.add(type);
                    permissionChange |= type.equals("Consent") && event.getAction() != AuditEvent.AuditEventAction.R
                            && event.getAction() != AuditEvent.AuditEventAction.E;
                }
            }
        }
        String action = event.getSubtype().stream().map(Coding::getCode).findFirst().orElse("");
        permissionChange |= action.startsWith("$process") || action.startsWith("$withdraw")
                || (types.contains("Consent") && (action.equals("create") || action.equals("update")));
        return new Row(WHEN.format(event.getRecorded().toInstant().atZone(clock.getZone())), who, role, organization,
                self, sharedWith, purpose, regime, action, List.copyOf(types), List.copyOf(holders),
                event.getOutcome() != AuditEvent.AuditEventOutcome._0, permissionChange);
    }

    /** Names looked up once per page: the directory does not change between two events. */
    private static final class Names {

        record Professional(String name, String role) {
        }

        private final IGenericClient client;
        private final Map<String, String> organizations = new HashMap<>();
        private final Map<String, Professional> professionals = new HashMap<>();

        Names(IGenericClient client) {
            this.client = client;
        }

        String organization(String id) {
            return organizations.computeIfAbsent(id, key -> {
                Bundle found = client.search().byUrl("Organization?_id=" + PatientPages.encode(key))
                        .returnBundle(Bundle.class).execute();
                return found.getEntry().stream().map(e -> e.getResource()).filter(Organization.class::isInstance)
                        .map(o -> ((Organization) o).getName()).findFirst().orElse(key);
            });
        }

        Professional professional(String uzi) {
            return professionals.computeIfAbsent(uzi, key -> {
                Bundle found = client.search().byUrl("Practitioner?identifier="
                        + PatientPages.encode(NamingSystems.UZI_PERSON + "|" + key)).returnBundle(Bundle.class).execute();
                Practitioner practitioner = found.getEntry().stream().map(e -> e.getResource())
                        .filter(Practitioner.class::isInstance).map(Practitioner.class::cast).findFirst().orElse(null);
                if (practitioner == null) {
                    return new Professional(null, null);
                }
                Bundle roles = client.search().byUrl("PractitionerRole?practitioner=Practitioner/"
                        + practitioner.getIdElement().getIdPart()).returnBundle(Bundle.class).execute();
                String role = roles.getEntry().stream().map(e -> e.getResource())
                        .filter(PractitionerRole.class::isInstance).map(PractitionerRole.class::cast)
                        .flatMap(r -> r.getCode().stream()).flatMap(c -> c.getCoding().stream())
                        .map(Coding::getDisplay).filter(d -> d != null).findFirst().orElse(null);
                return new Professional(practitioner.getNameFirstRep().getNameAsSingleString(), role);
            });
        }
    }
}
