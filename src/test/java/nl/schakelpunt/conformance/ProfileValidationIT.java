package nl.schakelpunt.conformance;

import nl.schakelpunt.consent.RecordSharing;
import java.util.ArrayList;
import java.time.ZoneId;
import java.time.LocalDate;
import static nl.schakelpunt.support.Resources.freshBsn;
import static nl.schakelpunt.support.Resources.freshUra;
import static nl.schakelpunt.support.Resources.patient;
import static nl.schakelpunt.support.Resources.permission;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Set;
import java.util.List;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import nl.schakelpunt.identity.NamingSystems;
import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/** Every write is validated against its profile: 422 naming the element, nothing stored. */
class ProfileValidationIT extends ServerTest {

    private Reference patientRef;

    @BeforeEach
    void aPatient() {
        Patient created = gp().post("/fhir/Patient", patient(freshBsn())).expect(201).as(Patient.class);
        patientRef = new Reference("Patient/" + created.getIdElement().getIdPart());
    }

    @Test
    void medicationUseWithoutCategoryIsRefusedNamingTheElement() {
        MedicationStatement use = medicationUse();
        use.setCategory(null);
        FhirHttp.Response response = gp().post("/fhir/MedicationStatement", use).expect(422);
        assertThat(response.outcome().getIssue()).anySatisfy(issue -> {
            assertThat(issue.getDiagnostics()).contains("MedicationStatement.category");
            assertThat(issue.getExpression()).isNotEmpty();
        });
        assertThat(countFor("MedicationStatement")).isZero();
    }

    @Test
    void conformingMedicationUseIsStored() {
        gp().post("/fhir/MedicationStatement", medicationUse()).expect(201);
        assertThat(countFor("MedicationStatement")).isEqualTo(1);
    }

    @Test
    void permissionWithoutChannelIsRefused() {
        Consent consent = permission(patientRef);
        consent.getExtension().clear();
        FhirHttp.Response response = gp().post("/fhir/Consent", consent).expect(422);
        assertThat(response.body()).contains("permission-channel");
    }

    @Test
    void permissionWithUnknownDataCategoryIsRefused() {
        Consent consent = permission(patientRef);
        consent.getProvision().addCode(new CodeableConcept(
                new Coding("http://fhir.nl/otv/CodeSystem/gegevenscategorie", "GGC999", null)));
        FhirHttp.Response response = gp().post("/fhir/Consent", consent).expect(422);
        assertThat(response.outcome().getIssue()).extracting(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
                .anyMatch(d -> d.contains("GGC999"));
    }

    @Test
    void organisationWithoutTypeIsRefused() {
        Organization organization = new Organization().setName("Zonder type");
        organization.addIdentifier().setSystem(NamingSystems.URA).setValue(freshUra());
        FhirHttp.Response response = operator().post("/fhir/Organization", organization).expect(422);
        assertThat(response.body()).contains("Organization.type");
    }

    @Test
    void codesOfSystemsTheServerDoesNotHoldOnlyWarn() {
        AllergyIntolerance allergy = new AllergyIntolerance()
                .setClinicalStatus(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", null)))
                .setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "91936005", "Allergy to penicillin")))
                .setPatient(patientRef);
        gp().post("/fhir/AllergyIntolerance", allergy).expect(201);
    }

    @Test
    void transactionWithOneNonConformingEntryStoresNothing() {
        String bsn = freshBsn();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setFullUrl("urn:uuid:22222222-2222-2222-2222-222222222222").setResource(patient(bsn))
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        MedicationStatement use = medicationUse();
        use.setSubject(new Reference("urn:uuid:22222222-2222-2222-2222-222222222222"));
        use.setEffective(null);
        bundle.addEntry().setResource(use).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("MedicationStatement");
        gp().post("/fhir", FhirHttp.json(bundle)).expect(422);
        assertThat(gp().get("/fhir/Patient?identifier=" + NamingSystems.BSN + "%7C" + bsn).expect(200)
                .bundle().getEntry()).isEmpty();
    }

    @Test
    void everyExampleOfTheGuideIsAccepted() throws Exception {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        try (InputStream in = new ClassPathResource("ig/schakelpunt.ig.tgz").getInputStream()) {
            NpmPackage npm = NpmPackage.fromPackage(in);
            for (String file : npm.list("example")) {
                try (InputStream example = npm.load("example", file)) {
                    Resource resource = (Resource) FhirHttp.FHIR.newJsonParser().parseResource(example);
                    String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
                    bundle.addEntry().setFullUrl(url).setResource(resource)
                            .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
                }
            }
        }
        assertThat(bundle.getEntry()).hasSizeGreaterThanOrEqualTo(13);
        // The operator registers the directory; the example GP practice then writes its own data.
        // The example AuditEvent is not written: only the server records audit events.
        // The example record share is the example patient's to give, from today.
        Bundle directory = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Bundle held = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        List<Consent> shares = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            String type = entry.getResource().fhirType();
            if (Set.of("Organization", "Practitioner", "PractitionerRole").contains(type)) {
                directory.addEntry(entry);
            } else if (entry.getResource() instanceof Consent consent && RecordSharing.isShare(consent)) {
                shares.add(consent);
            } else if (!type.equals("AuditEvent")) {
                held.addEntry(entry);
            }
        }
        for (Bundle part : List.of(directory, held)) {
            FhirHttp writer = part == directory ? operator() : fhir().as(TestTokens.organization("90009901", "Z3"));
            Bundle response = writer.post("/fhir", FhirHttp.json(part)).expect(200).bundle();
            assertThat(response.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).matches("20[01].*"));
        }
        assertThat(shares).hasSize(1);
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Amsterdam"));
        for (Consent share : shares) {
            share.setId((String) null);
            share.setDateTimeElement(new DateTimeType(today.toString()));
            share.getProvision().getPeriod().setStartElement(new DateTimeType(today.toString()))
                    .setEndElement(new DateTimeType(today.plusMonths(3).toString()));
            fhir().as(TestTokens.patient("999901084")).post("/fhir/Consent", share).expect(201);
        }
    }

    private MedicationStatement medicationUse() {
        MedicationStatement use = new MedicationStatement();
        use.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        use.setCategory(new CodeableConcept(new Coding("http://snomed.info/sct", "422979000", null)));
        use.setMedication(new CodeableConcept(new Coding("urn:oid:2.16.840.1.113883.2.4.4.10", "1813", null)));
        use.setSubject(patientRef);
        use.setEffective(new DateTimeType("2026-10-01"));
        return use;
    }

    private int countFor(String type) {
        return gp().get("/fhir/" + type + "?subject=" + patientRef.getReference()).expect(200).bundle().getEntry().size();
    }
}
