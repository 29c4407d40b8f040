package nl.schakelpunt.support;

import java.util.concurrent.atomic.AtomicInteger;

import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Patient;

import nl.schakelpunt.identity.IdentifierCheck;
import nl.schakelpunt.identity.NamingSystems;

/** Builders for test resources, with fresh valid identifiers so tests do not collide. */
public final class Resources {

    private static final AtomicInteger NEXT = new AtomicInteger(
            (int) (System.nanoTime() % 10_000) * 10);

    private Resources() {
    }

    /** A BSN that passes the 11-check and is not used by the demo data (range 9998xxxxx). */
    public static String freshBsn() {
        while (true) {
            String candidate = String.format("9998%05d", NEXT.getAndIncrement() % 100_000);
            if (IdentifierCheck.bsn(candidate).isEmpty()) {
                return candidate;
            }
        }
    }

    /** An eight-digit URA not used by the demo data (range 7xxxxxxx). */
    public static String freshUra() {
        return String.format("7%07d", NEXT.getAndIncrement());
    }

    public static Patient patient(String bsn) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(NamingSystems.BSN).setValue(bsn);
        patient.addName().setFamily("Test").addGiven("Patient");
        return patient;
    }

    public static Organization organization(String system, String value) {
        Organization organization = new Organization();
        organization.addIdentifier().setSystem(system).setValue(value);
        organization.setName("Test organisation " + value);
        organization.addType().addCoding()
                .setSystem("http://nictiz.nl/fhir/NamingSystem/organization-type").setCode("Z3");
        return organization;
    }

    /** A minimal permission after the IG's profile: given verbally to GP De Linde. */
    public static Consent permission(Reference patient) {
        Consent consent = new Consent().setStatus(Consent.ConsentState.ACTIVE)
                .setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)))
                .addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", null)))
                .setPatient(patient)
                .setDateTimeElement(new DateTimeType("2026-11-01"))
                .addOrganization(new Reference("Organization/gp-de-linde"))
                .setPolicyRule(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", null)));
        consent.addExtension("https://schakelpunt.nl/fhir/StructureDefinition/permission-channel",
                new Coding("https://schakelpunt.nl/fhir/CodeSystem/permission-channel", "verbal", null));
        Consent.ProvisionComponent provision = consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
        provision.addActor()
                .setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "CST", null)))
                .setReference(new Reference("Organization/gp-de-linde"));
        provision.addPurpose(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "TREAT", null));
        return consent;
    }


    /** An open episode (ICPC K86, hypertension) of a GP's record, as its holder sends it. */
    public static Condition episode(String patientId) {
        return new Condition()
                .setClinicalStatus(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)))
                .addCategory(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", null)))
                .setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icpc-1-nl", "K86", null)))
                .setSubject(new Reference("Patient/" + patientId));
    }
}
