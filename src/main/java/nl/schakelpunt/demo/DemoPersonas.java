package nl.schakelpunt.demo;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Resource;

import nl.schakelpunt.identity.NamingSystems;
import nl.schakelpunt.identity.RequesterClaims;

/**
 * The people and systems of the demo data as token personas: each organisation's system, each
 * professional (and the out-of-hours GP and the emergency physician in an emergency as well), each
 * patient, and an operator. Derived from the demo data itself, so the two cannot drift apart.
 */
final class DemoPersonas {

    /** A persona: an id to ask for, what it stands for, and the claims its token carries. */
    record Persona(String id, String description, Map<String, Object> claims) {
    }

    private static final String ORGANIZATION_TYPE = "http://nictiz.nl/fhir/NamingSystem/organization-type";

    private final Map<String, Persona> personas = new LinkedHashMap<>();

    DemoPersonas(Clock clock) {
        Bundle demo = new DemoData(LocalDate.now(clock)).transaction();
        Map<String, Organization> organizations = new LinkedHashMap<>();
        Map<String, Practitioner> practitioners = new LinkedHashMap<>();
        List<PractitionerRole> roles = new ArrayList<>();
        List<Patient> patients = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : demo.getEntry()) {
            Resource resource = entry.getResource();
            String id = resource.getIdElement().getIdPart();
            if (resource instanceof Organization organization) {
                organizations.put(id, organization);
            } else if (resource instanceof Practitioner practitioner) {
                practitioners.put(id, practitioner);
            } else if (resource instanceof PractitionerRole role) {
                roles.add(role);
            } else if (resource instanceof Patient patient) {
                patients.add(patient);
            }
        }
        for (Organization organization : organizations.values()) {
            String ura = uraOf(organization, organizations);
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put(RequesterClaims.REQUESTER_TYPE, "organization");
            claims.put("sub", "system-" + organization.getIdElement().getIdPart());
            claims.put(RequesterClaims.ORGANIZATION_URA, ura);
            claims.put(RequesterClaims.ORGANIZATION_TYPE, typeOf(organization));
            claims.put(RequesterClaims.PURPOSE_OF_USE, "TREAT");
            claims.put(RequesterClaims.SCOPE, "system/*.cruds");
            add("org-" + organization.getIdElement().getIdPart(),
                    "The information system of " + organization.getName(), claims);
        }
        for (PractitionerRole role : roles) {
            String practitionerId = role.getPractitioner().getReferenceElement().getIdPart();
            Practitioner practitioner = practitioners.get(practitionerId);
            Organization organization = organizations.get(role.getOrganization().getReferenceElement().getIdPart());
            String roleCode = role.getCodeFirstRep().getCodingFirstRep().getCode();
            String roleName = role.getCodeFirstRep().getCodingFirstRep().getDisplay();
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put(RequesterClaims.REQUESTER_TYPE, "professional");
            claims.put("sub", practitionerId);
            claims.put(RequesterClaims.ORGANIZATION_URA, uraOf(organization, organizations));
            claims.put(RequesterClaims.ORGANIZATION_TYPE, typeOf(organization));
            claims.put(RequesterClaims.UZI_NUMBER, identifier(practitioner.getIdentifier(), NamingSystems.UZI_PERSON));
            claims.put(RequesterClaims.UZI_ROLE, roleCode);
            claims.put(RequesterClaims.PURPOSE_OF_USE, "TREAT");
            claims.put(RequesterClaims.SCOPE, "user/*.cruds");
            String who = roleName + " " + practitioner.getNameFirstRep().getNameAsSingleString()
                    + " of " + organization.getName();
            add(practitionerId, who + ", for treatment", claims);
            if ("N6".equals(typeOf(organization)) || "01.071".equals(roleCode)) {
                Map<String, Object> emergency = new LinkedHashMap<>(claims);
                emergency.put(RequesterClaims.PURPOSE_OF_USE, "ETREAT");
                add(practitionerId + "-emergency", who + ", for emergency treatment", emergency);
            }
        }
        for (Patient patient : patients) {
            addDigiD(patient.getIdElement().getIdPart(), identifier(patient.getIdentifier(), NamingSystems.BSN),
                    "Patient " + patient.getNameFirstRep().getNameAsSingleString() + ", logged in with DigiD");
        }
        for (DemoData.DemoCarer carer : DemoData.CARERS) {
            addDigiD(carer.id(), carer.bsn(), carer.given() + " " + carer.family() + ", logged in with DigiD: "
                    + carer.situation());
        }
        Map<String, Object> operator = new LinkedHashMap<>();
        operator.put(RequesterClaims.REQUESTER_TYPE, "operator");
        operator.put("sub", "operator");
        operator.put(RequesterClaims.SCOPE, "system/*.cruds");
        add("operator", "An operator of the exchange point: manages organisations and conformance resources", operator);
    }

    List<Persona> all() {
        return List.copyOf(personas.values());
    }

    Optional<Persona> byId(String id) {
        return Optional.ofNullable(personas.get(id));
    }

    /** A person signed in with DigiD (a patient, or a carer with no record here), persona {@code patient-<id>}. */
    private void addDigiD(String id, String bsn, String description) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(RequesterClaims.REQUESTER_TYPE, "patient");
        claims.put("sub", "patient-" + id);
        claims.put(RequesterClaims.PATIENT_BSN, bsn);
        // The DigiD app with an identity check: a verified login.
        claims.put(RequesterClaims.LOGIN_ASSURANCE, "substantieel");
        claims.put(RequesterClaims.SCOPE, "patient/*.rs patient/Consent.cu");
        add("patient-" + id, description, claims);
    }

    private void add(String id, String description, Map<String, Object> claims) {
        personas.put(id, new Persona(id, description, Map.copyOf(claims)));
    }

    /** A department has no URA of its own: its professionals act under the URA of the organisation it is part of. */
    private static String uraOf(Organization organization, Map<String, Organization> organizations) {
        String ura = identifier(organization.getIdentifier(), NamingSystems.URA);
        if (ura == null && organization.hasPartOf()) {
            return uraOf(organizations.get(organization.getPartOf().getReferenceElement().getIdPart()), organizations);
        }
        return ura;
    }

    private static String typeOf(Organization organization) {
        return organization.getType().stream().flatMap(t -> t.getCoding().stream())
                .filter(c -> ORGANIZATION_TYPE.equals(c.getSystem())).map(c -> c.getCode()).findFirst().orElse(null);
    }

    private static String identifier(List<Identifier> identifiers, String system) {
        return identifiers.stream().filter(i -> system.equals(i.getSystem())).map(Identifier::getValue)
                .findFirst().orElse(null);
    }
}
