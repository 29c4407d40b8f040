package nl.schakelpunt.demo;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Resource;

import nl.schakelpunt.identity.NamingSystems;
import nl.schakelpunt.identity.RequesterClaims;
import nl.schakelpunt.portal.DemoSignIn;
import nl.schakelpunt.portal.PortalUser;

/** The demo's patients and the staff of its GP practices and pharmacies, signed in with demo-issuer tokens. */
final class DemoPortalSignIn implements DemoSignIn {

    /** Organisation types whose staff work at the desk: GP practices and pharmacies. */
    private static final List<String> HOLDER_TYPES = List.of("Z3", "J8");
    /** The subject of a patient signed in by BSN alone. */
    private static final String BSN_SUBJECT = "bsn-";

    private final DemoTokenIssuer issuer;
    private final DemoPersonas personas;
    private final String audience;
    private final Map<String, PortalUser> users = new LinkedHashMap<>();

    DemoPortalSignIn(DemoTokenIssuer issuer, DemoPersonas personas, String audience, Clock clock) {
        this.issuer = issuer;
        this.personas = personas;
        this.audience = audience;
        Bundle demo = new DemoData(LocalDate.now(clock)).transaction();
        Map<String, Organization> organizations = new HashMap<>();
        Map<String, Practitioner> practitioners = new HashMap<>();
        List<PractitionerRole> roles = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : demo.getEntry()) {
            Resource resource = entry.getResource();
            if (resource instanceof Organization organization) {
                organizations.put(organization.getIdElement().getIdPart(), organization);
            } else if (resource instanceof Practitioner practitioner) {
                practitioners.put(practitioner.getIdElement().getIdPart(), practitioner);
            } else if (resource instanceof PractitionerRole role) {
                roles.add(role);
            } else if (resource instanceof Patient patient) {
                String subject = "patient-" + patient.getIdElement().getIdPart();
                String bsn = patient.getIdentifier().stream()
                        .filter(i -> NamingSystems.BSN.equals(i.getSystem())).findFirst().orElseThrow().getValue();
                users.put(subject, new PortalUser(PortalUser.Kind.PATIENT, subject,
                        patient.getNameFirstRep().getText(), bsn, null, null, true));
            }
        }
        for (DemoData.DemoCarer carer : DemoData.CARERS) {
            String subject = "patient-" + carer.id();
            users.put(subject, new PortalUser(PortalUser.Kind.PATIENT, subject, carer.given() + " " + carer.family(),
                    carer.bsn(), null, null, true));
        }
        for (PractitionerRole role : roles) {
            Organization organization = organizations.get(role.getOrganization().getReferenceElement().getIdPart());
            if (!HOLDER_TYPES.contains(organization.getTypeFirstRep().getCodingFirstRep().getCode())) {
                continue;
            }
            String subject = role.getPractitioner().getReferenceElement().getIdPart();
            users.put(subject, new PortalUser(PortalUser.Kind.STAFF, subject,
                    practitioners.get(subject).getNameFirstRep().getText(), null,
                    organization.getIdElement().getIdPart(), organization.getName(), false));
        }
    }

    @Override
    public List<PortalUser> patients() {
        return users.values().stream().filter(u -> u.kind() == PortalUser.Kind.PATIENT).toList();
    }

    @Override
    public List<PortalUser> staff() {
        return users.values().stream().filter(u -> u.kind() == PortalUser.Kind.STAFF).toList();
    }

    @Override
    public Optional<PortalUser> user(String subject) {
        return Optional.ofNullable(users.get(subject));
    }

    @Override
    public PortalUser patient(String bsn) {
        return new PortalUser(PortalUser.Kind.PATIENT, BSN_SUBJECT + bsn, "BSN " + bsn, bsn, null, null, true);
    }

    @Override
    public String token(PortalUser user) {
        if (user.subject().startsWith(BSN_SUBJECT)) {
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put(RequesterClaims.REQUESTER_TYPE, "patient");
            claims.put("sub", user.subject());
            claims.put(RequesterClaims.PATIENT_BSN, user.bsn());
            claims.put(RequesterClaims.LOGIN_ASSURANCE, "substantieel");
            claims.put(RequesterClaims.SCOPE, "patient/*.rs patient/Consent.cu");
            return issuer.sign(claims, audience);
        }
        DemoPersonas.Persona persona = personas.byId(user.subject())
                .orElseThrow(() -> new IllegalArgumentException("No demo persona " + user.subject()));
        return issuer.sign(persona.claims(), audience);
    }
}
