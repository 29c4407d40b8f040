package nl.schakelpunt.portal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import nl.schakelpunt.consent.HolderSettings;
import nl.schakelpunt.consent.Permission;
import nl.schakelpunt.consent.PermissionCodes;
import nl.schakelpunt.consent.Permissions;
import nl.schakelpunt.identity.NamingSystems;

/**
 * What the patient's pages show, read through the FHIR API with the patient's own token: who they are, the data
 * holders they have and the state of their choice at each, and the holders they can find in the directory.
 */
@Component
class PatientPages {

    static final String ORGANIZATION_TYPE = "http://nictiz.nl/fhir/NamingSystem/organization-type";
    private static final String GP_PRACTICE = "Z3";
    private static final String PHARMACY = "J8";
    private static final String HEALTH_CENTRE = "H1";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-yyyy");
    /** Pages of the patient's own record read to find where their data is held. */
    private static final int MAX_RECORD_PAGES = 20;

    private final Clock clock;

    PatientPages(Clock clock) {
        this.clock = clock;
    }

    /** The signed-in patient's own Patient resource. */
    Patient me(IGenericClient client) {
        PortalUser user = SignedIn.user();
        Bundle found;
        try {
            found = client.search().forResource(Patient.class)
                    .where(new TokenClientParam("identifier").exactly().systemAndCode(NamingSystems.BSN, user.bsn()))
                    .returnBundle(Bundle.class).execute();
        } catch (ForbiddenOperationException e) {
            // The API's answer to a login with no record of its own and none shared with it.
            return null;
        }
        return found.getEntry().stream().map(e -> e.getResource()).filter(Patient.class::isInstance)
                .map(Patient.class::cast).findFirst().orElse(null);
    }

    /**
     * Every holder the patient has: those that hold data about them and those they made a choice at, with the state
     * of that choice.
     */
    List<HolderRow> holders(IGenericClient client, Patient patient) {
        List<Consent> consents = consents(client, patient);
        Set<String> holderIds = new LinkedHashSet<>(holdersOfRecord(client, patient));
        Set<String> withData = new LinkedHashSet<>(holderIds);
        consents.stream().map(Permissions::holderId).filter(id -> id != null).forEach(holderIds::add);
        Map<String, Organization> organizations = organizations(client, holderIds);
        return rows(client, organizations.values(), consents, withData);
    }

    /** GP practices, pharmacies and health centres whose name or place holds the text. */
    List<HolderRow> search(IGenericClient client, Patient patient, String text) {
        Map<String, Organization> found = new LinkedHashMap<>();
        for (String parameter : List.of("name:contains", "address-city")) {
            Bundle page = client.search().byUrl("Organization?" + parameter + "=" + encode(text) + "&_count=50")
                    .returnBundle(Bundle.class).execute();
            for (Bundle.BundleEntryComponent entry : page.getEntry()) {
                if (entry.getResource() instanceof Organization organization
                        && List.of(GP_PRACTICE, PHARMACY, HEALTH_CENTRE).contains(type(organization))) {
                    found.put(organization.getIdElement().getIdPart(), organization);
                }
            }
        }
        return rows(client, found.values(), consents(client, patient), Set.of());
    }

    private List<HolderRow> rows(IGenericClient client, Collection<Organization> organizations,
            List<Consent> consents, Set<String> withData) {
        Map<String, Organization> centres = new LinkedHashMap<>();
        List<HolderRow> rows = new ArrayList<>();
        for (Organization organization : organizations) {
            String id = organization.getIdElement().getIdPart();
            String type = type(organization);
            String kind = switch (type) {
                case GP_PRACTICE -> "gp";
                case PHARMACY -> "pharmacy";
                case HEALTH_CENTRE -> "centre";
                default -> "other";
            };
            if (kind.equals("other")) {
                continue;
            }
            String choiceHolder = id;
            Organization choiceOrganization = organization;
            String coveredBy = null;
            if (kind.equals("centre")) {
                // A health centre is one choice: the one at its GP practice.
                Optional<Organization> gp = membersOf(client, id).stream()
                        .filter(o -> GP_PRACTICE.equals(type(o))).findFirst();
                if (gp.isEmpty()) {
                    continue;
                }
                choiceHolder = gp.get().getIdElement().getIdPart();
                choiceOrganization = gp.get();
            } else if (kind.equals("pharmacy") && organization.hasPartOf()) {
                String centreId = organization.getPartOf().getReferenceElement().getIdPart();
                Organization centre = centres.computeIfAbsent(centreId, c -> organizations(client, Set.of(c)).get(c));
                if (centre != null && coversPharmacy(centre)) {
                    Optional<Organization> gp = membersOf(client, centreId).stream()
                            .filter(o -> GP_PRACTICE.equals(type(o))).findFirst();
                    if (gp.isPresent()) {
                        coveredBy = gp.get().getName();
                        choiceHolder = gp.get().getIdElement().getIdPart();
                        choiceOrganization = gp.get();
                    }
                }
            }
            boolean atOnce = HolderSettings.onlinePermissionsAtOnce(choiceOrganization) && SignedIn.user().verifiedLogin();
            rows.add(row(organization, kind, choiceHolder, coveredBy, latest(consents, choiceHolder),
                    withData.contains(id), atOnce));
        }
        rows.sort(Comparator.comparing(HolderRow::kind).thenComparing(HolderRow::name));
        return rows;
    }

    private HolderRow row(Organization organization, String kind, String choiceHolder, String coveredBy,
            Consent consent, boolean holdsData, boolean atOnce) {
        String place = organization.getAddress().stream().map(a -> a.getCity()).filter(c -> c != null).findFirst()
                .orElse(null);
        if (consent == null) {
            return new HolderRow(choiceHolder, organization.getName(), place, kind, HolderRow.State.NONE, null, null,
                    null, null, null, null, coveredBy, holdsData, atOnce);
        }
        Permission permission = Permissions.of(consent, clock.getZone());
        HolderRow.State state = switch (permission.status()) {
            case PROPOSED -> HolderRow.State.REQUESTED;
            case ACTIVE -> permission.refusal() ? HolderRow.State.REFUSED : HolderRow.State.ACTIVE;
            case REJECTED -> HolderRow.State.REJECTED;
            case INACTIVE -> HolderRow.State.WITHDRAWN;
            default -> HolderRow.State.NONE;
        };
        Instant since = permission.status() == Permission.Status.ACTIVE && permission.start() != null
                ? permission.start() : permission.recorded();
        Extension reason = consent.getExtensionByUrl(PermissionCodes.REJECTION_REASON_EXTENSION);
        return new HolderRow(choiceHolder, organization.getName(), place, kind, state, day(since),
                day(permission.end()), permission.channel(), narrowing(permission),
                reason == null ? null : reason.getValue().primitiveValue(),
                consent.getIdElement().getIdPart(), coveredBy, holdsData, atOnce);
    }

    private static String narrowing(Permission permission) {
        if (permission.refusal()) {
            return null;
        }
        if (!permission.purposes().contains(PermissionCodes.TREATMENT)) {
            return "emergencies-only";
        }
        if (permission.dataCategories().equals(Set.of(PermissionCodes.MEDICATION))) {
            return "medication-only";
        }
        boolean noPlannedHospitalCare = permission.exclusions().stream()
                .anyMatch(e -> e.recipientCategories().contains(PermissionCodes.HOSPITALS));
        return noPlannedHospitalCare ? "no-planned-hospital-care" : null;
    }

    /** The patient's choice at a holder that counts now: the newest one not entered in error. */
    private static Consent latest(List<Consent> consents, String holderId) {
        return consents.stream()
                .filter(c -> holderId.equals(Permissions.holderId(c)))
                .filter(c -> c.getStatus() != Consent.ConsentState.ENTEREDINERROR)
                .max(Comparator.comparing((Consent c) -> c.getMeta().getLastUpdated()))
                .orElse(null);
    }

    List<Consent> consents(IGenericClient client, Patient patient) {
        Bundle bundle = client.search().forResource(Consent.class)
                .where(Consent.PATIENT.hasId("Patient/" + patient.getIdElement().getIdPart()))
                .count(200).returnBundle(Bundle.class).execute();
        return bundle.getEntry().stream().map(e -> e.getResource()).filter(Consent.class::isInstance)
                .map(Consent.class::cast).toList();
    }

    /** The holders named in the patient's own record (every resource says which holder it came from). */
    private Set<String> holdersOfRecord(IGenericClient client, Patient patient) {
        Set<String> holders = new LinkedHashSet<>();
        for (Resource resource : everything(client, patient)) {
            String holder = holderOf(resource);
            if (holder != null) {
                holders.add(holder);
            }
        }
        return holders;
    }

    /** A patient's name as written for reading: the text of their name, or else its parts. */
    static String nameOf(Patient patient) {
        return patient.getNameFirstRep().hasText() ? patient.getNameFirstRep().getText()
                : patient.getNameFirstRep().getNameAsSingleString();
    }

    /** A whole record the person may read (their own, or one shared with them): every page of $everything. */
    static List<Resource> everything(IGenericClient client, Patient patient) {
        List<Resource> resources = new ArrayList<>();
        Bundle page = client.operation().onInstance(new IdType("Patient", patient.getIdElement().getIdPart()))
                .named("$everything").withNoParameters(Parameters.class).useHttpGet()
                .returnResourceType(Bundle.class).execute();
        for (int pages = 1; page != null; pages++) {
            page.getEntry().forEach(e -> resources.add(e.getResource()));
            page = page.getLink(Bundle.LINK_NEXT) != null && pages < MAX_RECORD_PAGES
                    ? client.loadPage().next(page).execute() : null;
        }
        return resources;
    }

    /** The holder a resource came from (the holder extension every clinical resource carries), or null. */
    static String holderOf(Resource resource) {
        if (resource instanceof DomainResource domain) {
            Extension holder = domain.getExtensionByUrl(PermissionCodes.HOLDER_EXTENSION);
            if (holder != null && holder.getValue() instanceof Reference reference) {
                return reference.getReferenceElement().getIdPart();
            }
        }
        return null;
    }

    static Map<String, Organization> organizations(IGenericClient client, Set<String> ids) {
        Map<String, Organization> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        Bundle bundle = client.search().byUrl("Organization?_id=" + String.join(",", ids) + "&_count=200")
                .returnBundle(Bundle.class).execute();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof Organization organization) {
                found.put(organization.getIdElement().getIdPart(), organization);
            }
        }
        return found;
    }

    private List<Organization> membersOf(IGenericClient client, String centreId) {
        Bundle bundle = client.search().byUrl("Organization?partof=Organization/" + centreId + "&_count=50")
                .returnBundle(Bundle.class).execute();
        return bundle.getEntry().stream().map(e -> e.getResource()).filter(Organization.class::isInstance)
                .map(Organization.class::cast).toList();
    }

    private static boolean coversPharmacy(Organization centre) {
        Extension covers = centre.getExtensionByUrl(PermissionCodes.CENTRE_GP_COVERS_PHARMACY_EXTENSION);
        return covers != null && covers.getValue() instanceof BooleanType value && value.booleanValue();
    }

    static String type(Organization organization) {
        return organization.getType().stream().flatMap(t -> t.getCoding().stream())
                .filter(c -> ORGANIZATION_TYPE.equals(c.getSystem())).map(c -> c.getCode()).findFirst().orElse("");
    }

    String day(Instant instant) {
        return instant == null ? null : LocalDate.ofInstant(instant, clock.getZone()).format(DAY);
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
