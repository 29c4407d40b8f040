package nl.schakelpunt.support;

import java.util.concurrent.atomic.AtomicInteger;

import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;

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
            if (nl.schakelpunt.identity.IdentifierCheck.bsn(candidate).isEmpty()) {
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
}
