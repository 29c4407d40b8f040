package nl.schakelpunt.demo;

import static nl.schakelpunt.consent.PermissionCodes.*;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

import nl.schakelpunt.consent.RecordSharing;
import nl.schakelpunt.identity.NamingSystems;

/**
 * The demo world: organisations of every kind the domain has, their professionals, and ten
 * patients, one for each permission situation, with records whose dates are relative to today.
 * The README lists them.
 */
final class DemoData {

    static final String ORGANIZATION_TYPE = "http://nictiz.nl/fhir/NamingSystem/organization-type";
    static final String ICPC = "http://hl7.org/fhir/sid/icpc-1-nl";
    static final String SNOMED = "http://snomed.info/sct";
    static final String PRK = "urn:oid:2.16.840.1.113883.2.4.4.10";
    static final String MEDICATION_USE_CATEGORY = "422979000";
    /** MP9's category of a medication administration (SNOMED CT: administration of drug or medicament). */
    static final String ADMINISTRATION_CATEGORY = "18629005";
    /** MP9's category of a medication dispense (SNOMED CT: dispensing medication). */
    static final String DISPENSE_CATEGORY = "373784005";
    /** Where the national profiles live (nl-core, zib2020 and MP9, ig/national): the demo speaks that dialect. */
    static final String NATIONAL_PROFILE = "http://nictiz.nl/fhir/StructureDefinition/";
    private static final String EN_QUALIFIER = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-qualifier";
    private static final String OWN_PREFIX = "http://hl7.org/fhir/StructureDefinition/humanname-own-prefix";
    private static final String OWN_NAME = "http://hl7.org/fhir/StructureDefinition/humanname-own-name";
    /** The kinds of line of a SOAP journal entry (SNOMED CT), in the order a GP writes them. */
    private static final List<List<String>> SOAP_LINES = List.of(
            List.of("S", "255362007", "Subjective"),
            List.of("O", "260224007", "Objective"),
            List.of("E", "129265001", "evaluatie"),
            List.of("P", "129271007", "beleid"));

    /** A patient of the demo: id, BSN, name, birth date and the situation the patient shows. */
    record DemoPatient(String id, String bsn, String given, String family, String birthDate, String situation) {
    }

    /** Someone with no record here whom a patient lets read theirs: signs in with DigiD like a patient. */
    record DemoCarer(String id, String bsn, String given, String family, String situation) {
    }

    static final List<DemoCarer> CARERS = List.of(
            new DemoCarer("sanne", "999900122", "Sanne", "Meijer",
                    "Finn Meijer's daughter: no record of her own here; reads her father's record, which he shares with her"));

    static final List<DemoPatient> PATIENTS = List.of(
            new DemoPatient("anna", "999900006", "Anna", "de Vries", "1958-03-14",
                    "permission at GP De Linde (paper form) and Apotheek De Brug (verbal)"),
            new DemoPatient("bram", "999900018", "Bram", "Jansen", "1971-07-02",
                    "no choice recorded; data at GP De Linde and Apotheek De Brug"),
            new DemoPatient("cora", "999900031", "Cora", "Bakker", "1984-11-23",
                    "refused (opt-out) at GP De Linde and Apotheek De Brug"),
            new DemoPatient("daan", "999900043", "Daan", "Visser", "1990-01-30",
                    "online request at GP De Linde waiting to be processed"),
            new DemoPatient("eva", "999900055", "Eva", "Smit", "1966-05-09",
                    "permission at Apotheek De Brug withdrawn; GP De Linde: no choice"),
            new DemoPatient("finn", "999900067", "Finn", "Meijer", "1949-09-17",
                    "permission at GP De Linde, narrowed: no GP data to hospitals for planned care; shares his record with his daughter Sanne"),
            new DemoPatient("gina", "999900079", "Gina", "de Boer", "1977-12-04",
                    "GP De Linde may share in emergencies only (emergency treatment always)"),
            new DemoPatient("hugo", "999900080", "Hugo", "Mulder", "1962-04-21",
                    "permission at the GP of Gezondheidscentrum Haven, which also covers its pharmacy"),
            new DemoPatient("iris", "999900092", "Iris", "Bos", "1995-08-11",
                    "online request at Apotheek Centrum rejected by the pharmacy (with a reason)"),
            new DemoPatient("jan", "999900109", "Jan", "Peters", "1955-02-27",
                    "permission at GP De Linde for medication only; valid until the end of next year"));

    /** The displays of the permission channel code system (terminology/CodeSystem-permission-channel.json). */
    private static final Map<String, String> CHANNEL_DISPLAYS =
            Map.of(VERBAL, "Mondeling", PAPER, "Papieren formulier", ONLINE, "Online");

    private final LocalDate today;
    private final Bundle bundle = new Bundle();

    DemoData(LocalDate today) {
        this.today = today;
        bundle.setType(Bundle.BundleType.TRANSACTION);
    }

    Bundle transaction() {
        organisations();
        professionals();
        for (DemoPatient p : PATIENTS) {
            put(patient(p));
        }
        records();
        permissions();
        return bundle;
    }

    // ---------------------------------------------------------------- organisations

    private void organisations() {
        put(organization("gp-de-linde", "Huisartsenpraktijk De Linde", "Tiel", "Z3", "Huisartspraktijk", "90000101", "01051001", null));
        put(organization("pharmacy-de-brug", "Apotheek De Brug", "Tiel", "J8", "Openbare apotheek", "90000201", "06051001", null));
        put(organization("pharmacy-centrum", "Apotheek Centrum", "Culemborg", "J8", "Openbare apotheek", "90000202", "06051002", null));
        Organization centre = organization("centre-haven", "Gezondheidscentrum Haven", "Zaltbommel", "H1", "Huisartsenorganisatie",
                "90000300", null, null);
        centre.addExtension(CENTRE_GP_COVERS_PHARMACY_EXTENSION, new BooleanType(true));
        put(centre);
        put(organization("gp-haven", "Huisartsen Gezondheidscentrum Haven", "Zaltbommel", "Z3", "Huisartspraktijk",
                "90000301", "01051003", "centre-haven"));
        put(organization("pharmacy-haven", "Apotheek Gezondheidscentrum Haven", "Zaltbommel", "J8", "Openbare apotheek",
                "90000302", "06051003", "centre-haven"));
        put(organization("hap-rivierenland", "Huisartsenpost Rivierenland", "Tiel", "N6", "Huisartsenpost",
                "90000401", "01059901", null));
        put(organization("hospital-rivierenland", "Ziekenhuis Rivierenland", "Tiel", "V4", "Ziekenhuis", "90000501", "06010501", null));
        put(organization("hospital-cardiology", "Ziekenhuis Rivierenland, Cardiologie", "Tiel", "V4", "Ziekenhuis",
                null, "03200501", "hospital-rivierenland"));
        put(organization("hospital-emergency", "Ziekenhuis Rivierenland, Spoedeisende Hulp", "Tiel", "V4", "Ziekenhuis",
                null, "03350501", "hospital-rivierenland"));
    }

    private Organization organization(String id, String name, String city, String typeCode, String typeDisplay,
            String ura, String agb, String partOf) {
        Organization org = national(new Organization(), "nl-core-HealthcareProvider-Organization");
        org.setId(id);
        org.setActive(true);
        org.setName(name);
        org.addAddress().setCity(city);
        if (ura != null) {
            org.addIdentifier().setSystem(NamingSystems.URA).setValue(ura);
        }
        if (agb != null) {
            org.addIdentifier().setSystem(NamingSystems.AGB).setValue(agb);
        }
        org.addType().addCoding(new Coding(ORGANIZATION_TYPE, typeCode, typeDisplay));
        if (partOf != null) {
            org.setPartOf(new Reference("Organization/" + partOf));
        }
        return org;
    }

    // ---------------------------------------------------------------- professionals

    private void professionals() {
        professional("gp-jansen", "Pieter", "Jansen", "900000101", "01.015", "Huisarts", "gp-de-linde");
        professional("pharmacist-de-wit", "Sanne", "de Wit", "900000201", "17.000", "Apotheker", "pharmacy-de-brug");
        professional("pharmacist-kok", "Ahmed", "Kok", "900000202", "17.000", "Apotheker", "pharmacy-centrum");
        professional("pharmacist-haven-smeets", "Noor", "Smeets", "900000302", "17.000", "Apotheker", "pharmacy-haven");
        professional("gp-haven-dekker", "Lotte", "Dekker", "900000301", "01.015", "Huisarts", "gp-haven");
        professional("hap-gp-vos", "Ruben", "Vos", "900000401", "01.015", "Huisarts", "hap-rivierenland");
        professional("cardiologist-hendriks", "Marieke", "Hendriks", "900000501", "01.010", "Cardioloog",
                "hospital-cardiology");
        professional("emergency-physician-claes", "Tom", "Claes", "900000502", "01.071", "SEH-arts",
                "hospital-emergency");
    }

    private void professional(String id, String given, String family, String uzi, String role, String roleDisplay,
            String organization) {
        Practitioner practitioner = national(new Practitioner(), "nl-core-HealthProfessional-Practitioner");
        practitioner.setId(id);
        practitioner.setActive(true);
        practitioner.addIdentifier().setSystem(NamingSystems.UZI_PERSON).setValue(uzi);
        practitioner.addName(name(given, family));
        put(practitioner);
        PractitionerRole practitionerRole = national(new PractitionerRole(), "nl-core-HealthProfessional-PractitionerRole");
        practitionerRole.setId(id + "-role");
        practitionerRole.setActive(true);
        practitionerRole.setPractitioner(new Reference("Practitioner/" + id));
        practitionerRole.setOrganization(new Reference("Organization/" + organization));
        practitionerRole.addCode().addCoding(new Coding(NamingSystems.UZI_ROLE, role, roleDisplay));
        put(practitionerRole);
    }

    // ---------------------------------------------------------------- patients

    private Patient patient(DemoPatient p) {
        Patient patient = national(new Patient(), "nl-core-Patient");
        patient.setId(p.id());
        patient.addIdentifier().setSystem(NamingSystems.BSN).setValue(p.bsn());
        patient.addName(name(p.given(), p.family()));
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(p.birthDate()));
        patient.setGender(p.given().matches("Anna|Cora|Eva|Gina|Iris")
                ? Enumerations.AdministrativeGender.FEMALE : Enumerations.AdministrativeGender.MALE);
        return patient;
    }

    // ---------------------------------------------------------------- clinical records

    private void records() {
        put(medication("metoprolol", "1813", "Metoprolol 50 mg tablet"));
        put(medication("amoxicillin", "4766", "Amoxicilline 500 mg capsule"));
        put(medication("omeprazole", "32956", "Omeprazol 20 mg capsule"));

        for (String p : List.of("anna", "bram", "cora", "daan", "eva", "finn", "gina", "jan")) {
            gpRecord(p, "gp-de-linde");
        }
        gpRecord("hugo", "gp-haven");
        put(held(carer("cora-gp-de-linde-carer", "cora", "Jeroen", "Bakker"), "gp-de-linde"));
        for (String p : List.of("anna", "bram", "cora", "eva")) {
            pharmacyRecord(p, "pharmacy-de-brug");
        }
        pharmacyRecord("hugo", "pharmacy-haven");
        pharmacyRecord("iris", "pharmacy-centrum");
    }

    /** A contact person who cares for the patient (a carer, "mantelzorger"). */
    private RelatedPerson carer(String id, String patient, String given, String family) {
        RelatedPerson carer = national(new RelatedPerson(), "nl-core-ContactPerson");
        carer.setId(id);
        carer.setPatient(patientRef(patient));
        carer.addRelationship(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/v3-RoleCode", "FAMMEMB", "family member")).setText("Mantelzorger"));
        carer.addName(name(given, family));
        return carer;
    }

    private Medication medication(String id, String prk, String name) {
        Medication medication = national(new Medication(), "mp-PharmaceuticalProduct");
        medication.setId(id);
        medication.setCode(new CodeableConcept(new Coding(PRK, prk, name)).setText(name));
        return medication;
    }

    /**
     * A GP record: contacts 2 weeks, 3 months, 5 months and 14 months ago, each with a journal
     * entry; a result in the 3-month contact; an open and a closed episode.
     */
    private void gpRecord(String patient, String gp) {
        String prefix = patient + "-" + gp;
        contact(prefix + "-contact-2w", patient, gp, today.minusWeeks(2), "Controle bloeddruk",
                "S: geen klachten. O: RR 135/85. E: hypertensie goed ingesteld. P: beleid continueren.");
        contact(prefix + "-contact-3m", patient, gp, today.minusMonths(3), "Spreekuurconsult",
                "S: hoesten sinds 1 week. O: longen schoon. E: virale luchtweginfectie. P: afwachten.");
        contact(prefix + "-contact-5m", patient, gp, today.minusMonths(5), "Telefonisch consult",
                "S: keelpijn. E: acute bovenste luchtweginfectie. P: paracetamol zo nodig.");
        contact(prefix + "-contact-14m", patient, gp, today.minusMonths(14), "Visite",
                "S: duizeligheid. O: orthostatische hypotensie. P: medicatie aangepast.");

        Observation result = national(new Observation(), "nl-core-LaboratoryTestResult");
        result.setId(prefix + "-result-3m");
        result.setStatus(Observation.ObservationStatus.FINAL);
        result.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory")));
        result.setCode(new CodeableConcept(new Coding("http://loinc.org", "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood")));
        result.setSubject(patientRef(patient));
        result.setEncounter(new Reference("Encounter/" + prefix + "-contact-3m"));
        result.setEffective(dateTime(today.minusMonths(3)));
        result.setValue(new Quantity().setValue(48).setUnit("mmol/mol").setSystem("http://unitsofmeasure.org").setCode("mmol/mol"));
        result.addPerformer(orgRef(gp));
        put(held(result, gp));

        Condition open = national(new Condition(), "nl-core-Problem");
        open.setId(prefix + "-episode-k86");
        open.setClinicalStatus(clinicalStatus("active"));
        open.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "Problem List Item")));
        open.setCode(new CodeableConcept(new Coding(ICPC, "K86", "Hypertensie zonder orgaanbeschadiging")));
        open.setSubject(patientRef(patient));
        open.setOnset(dateTime(today.minusYears(6)));
        open.setAsserter(professionalOf(gp));
        put(held(open, gp));

        Condition closed = national(new Condition(), "nl-core-Problem");
        closed.setId(prefix + "-episode-r74");
        closed.setClinicalStatus(clinicalStatus("resolved"));
        closed.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "Problem List Item")));
        closed.setCode(new CodeableConcept(new Coding(ICPC, "R74", "Acute infectie bovenste luchtwegen")));
        closed.setSubject(patientRef(patient));
        closed.setOnset(dateTime(today.minusMonths(5)));
        closed.setAbatement(dateTime(today.minusMonths(5).plusWeeks(2)));
        closed.setAsserter(professionalOf(gp));
        put(held(closed, gp));
    }

    private void contact(String id, String patient, String gp, LocalDate date, String type, String journal) {
        Encounter encounter = national(new Encounter(), "nl-core-Encounter");
        encounter.setId(id);
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
        encounter.addType().setText(type);
        encounter.setSubject(patientRef(patient));
        encounter.setPeriod(new Period().setStart(date(date)).setEnd(date(date)));
        encounter.setServiceProvider(orgRef(gp));
        put(held(encounter, gp));

        for (List<String> kind : SOAP_LINES) {
            String text = soapLine(journal, kind.get(0));
            if (text == null) {
                continue;
            }
            Observation line = national(new Observation(), "nl-core-SOAPReport.SOAPLine");
            line.setId(id + "-journal-" + kind.get(0).toLowerCase(Locale.ROOT));
            line.setStatus(Observation.ObservationStatus.FINAL);
            line.setCode(new CodeableConcept(new Coding(SNOMED, kind.get(1), kind.get(2))));
            line.setSubject(patientRef(patient));
            line.setEncounter(new Reference("Encounter/" + id));
            line.setEffective(dateTime(date));
            line.setValue(new StringType(text));
            line.addPerformer(professionalOf(gp));
            put(held(line, gp));
        }
    }

    /** The text of one line ("S", "O", "E" or "P") of a journal entry written as "S: ... O: ... E: ... P: ...". */
    private static String soapLine(String journal, String kind) {
        Matcher m = Pattern.compile("(?:^|\\s)" + kind + ": (.*?)(?=\\s[SOEP]: |$)").matcher(journal);
        return m.find() ? m.group(1).trim() : null;
    }

    /**
     * A pharmacy record: current and stopped medication use, a dispense, an administration in the
     * window and one before it, an active and a resolved allergy.
     */
    private void pharmacyRecord(String patient, String pharmacy) {
        String prefix = patient + "-" + pharmacy;
        put(held(medicationUse(prefix + "-use-metoprolol", patient, pharmacy, "metoprolol",
                today.minusYears(2), null), pharmacy));
        put(held(medicationUse(prefix + "-use-amoxicillin", patient, pharmacy, "amoxicillin",
                today.minusMonths(7), today.minusMonths(7).plusDays(7)), pharmacy));
        put(held(medicationUse(prefix + "-use-omeprazole", patient, pharmacy, "omeprazole",
                today.minusMonths(6), today.minusMonths(1)), pharmacy));

        MedicationDispense dispense = national(new MedicationDispense(), "mp-MedicationDispense");
        dispense.setId(prefix + "-dispense-metoprolol");
        dispense.setStatus(MedicationDispense.MedicationDispenseStatus.COMPLETED);
        dispense.setCategory(new CodeableConcept(new Coding(SNOMED, DISPENSE_CATEGORY, "Dispensing medication")));
        dispense.setMedication(new Reference("Medication/metoprolol"));
        dispense.setSubject(patientRef(patient));
        dispense.addPerformer().setActor(orgRef(pharmacy));
        dispense.setQuantity(new Quantity().setValue(90).setUnit("tablet"));
        dispense.setWhenHandedOverElement(dateTime(today.minusWeeks(3)));
        put(held(dispense, pharmacy));

        put(held(administration(prefix + "-administration-metoprolol", patient, pharmacy, "metoprolol",
                today.minusWeeks(2)), pharmacy));
        put(held(administration(prefix + "-administration-amoxicillin", patient, pharmacy, "amoxicillin",
                today.minusMonths(7)), pharmacy));

        put(held(allergy(prefix + "-allergy-penicillin", patient, pharmacy, "active", "764146007", "Penicillin"), pharmacy));
        put(held(allergy(prefix + "-allergy-latex", patient, pharmacy, "resolved", "111088007", "Latex"), pharmacy));
    }

    private MedicationAdministration administration(String id, String patient, String pharmacy, String medication,
            LocalDate date) {
        MedicationAdministration administration = national(new MedicationAdministration(), "mp-MedicationAdministration2");
        administration.setId(id);
        administration.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
        administration.setCategory(new CodeableConcept(new Coding(SNOMED, ADMINISTRATION_CATEGORY,
                "Administration of drug or medicament")));
        administration.setMedication(new Reference("Medication/" + medication));
        administration.setSubject(patientRef(patient));
        administration.setEffective(dateTime(date));
        administration.addPerformer().setActor(professionalOf(pharmacy));
        return administration;
    }

    private MedicationStatement medicationUse(String id, String patient, String pharmacy, String medication,
            LocalDate start, LocalDate end) {
        MedicationStatement use = national(new MedicationStatement(), "mp-MedicationUse2");
        use.setId(id);
        use.setStatus(end == null ? MedicationStatement.MedicationStatementStatus.ACTIVE
                : MedicationStatement.MedicationStatementStatus.COMPLETED);
        use.setCategory(new CodeableConcept(new Coding(SNOMED, MEDICATION_USE_CATEGORY, "Medication use")));
        use.setMedication(new Reference("Medication/" + medication));
        use.setSubject(patientRef(patient));
        Period period = new Period().setStart(date(start));
        if (end != null) {
            period.setEnd(date(end));
        }
        use.setEffective(period);
        use.setInformationSource(orgRef(pharmacy));
        return use;
    }

    private AllergyIntolerance allergy(String id, String patient, String pharmacy, String status,
            String snomed, String display) {
        AllergyIntolerance allergy = national(new AllergyIntolerance(), "nl-core-AllergyIntolerance");
        allergy.setId(id);
        allergy.setClinicalStatus(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", status, null)));
        allergy.setVerificationStatus(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed", null)));
        allergy.setCode(new CodeableConcept(new Coding(SNOMED, snomed, display)));
        allergy.setPatient(patientRef(patient));
        allergy.setRecordedDateElement(dateTime(today.minusYears(3)));
        allergy.setAsserter(professionalOf(pharmacy));
        return allergy;
    }

    // ---------------------------------------------------------------- permissions

    private void permissions() {
        put(permission("anna-gp-de-linde", "anna", "gp-de-linde", Consent.ConsentState.ACTIVE,
                Consent.ConsentProvisionType.PERMIT, PAPER, today.minusYears(3)));
        put(permission("anna-pharmacy-de-brug", "anna", "pharmacy-de-brug", Consent.ConsentState.ACTIVE,
                Consent.ConsentProvisionType.PERMIT, VERBAL, today.minusYears(2)));

        put(permission("cora-gp-de-linde", "cora", "gp-de-linde", Consent.ConsentState.ACTIVE,
                Consent.ConsentProvisionType.DENY, PAPER, today.minusYears(1)));
        put(permission("cora-pharmacy-de-brug", "cora", "pharmacy-de-brug", Consent.ConsentState.ACTIVE,
                Consent.ConsentProvisionType.DENY, VERBAL, today.minusMonths(8)));

        put(permission("daan-gp-de-linde", "daan", "gp-de-linde", Consent.ConsentState.PROPOSED,
                Consent.ConsentProvisionType.PERMIT, ONLINE, today.minusDays(3)));

        Consent withdrawn = permission("eva-pharmacy-de-brug", "eva", "pharmacy-de-brug", Consent.ConsentState.INACTIVE,
                Consent.ConsentProvisionType.PERMIT, VERBAL, today.minusYears(2));
        withdrawn.getProvision().getPeriod().setEnd(date(today.minusMonths(2)));
        put(withdrawn);

        Consent narrowed = permission("finn-gp-de-linde", "finn", "gp-de-linde", Consent.ConsentState.ACTIVE,
                Consent.ConsentProvisionType.PERMIT, PAPER, today.minusYears(1));
        Consent.ProvisionComponent noPlannedHospitalCare = narrowed.getProvision().addProvision();
        noPlannedHospitalCare.setType(Consent.ConsentProvisionType.DENY);
        noPlannedHospitalCare.addPurpose(new Coding(ACT_REASON_SYSTEM, TREATMENT, "treatment"));
        noPlannedHospitalCare.addExtension(RECIPIENT_CATEGORY_EXTENSION,
                new CodeableConcept(new Coding(RECIPIENT_CATEGORY_SYSTEM, HOSPITALS, "Ziekenhuizen")));
        put(narrowed);

        Consent emergencyOnly = permission("gina-gp-de-linde", "gina", "gp-de-linde", Consent.ConsentState.ACTIVE,
                Consent.ConsentProvisionType.PERMIT, VERBAL, today.minusMonths(10));
        emergencyOnly.getProvision().getPurpose().removeIf(purpose -> TREATMENT.equals(purpose.getCode()));
        put(emergencyOnly);

        put(permission("hugo-gp-haven", "hugo", "gp-haven", Consent.ConsentState.ACTIVE,
                Consent.ConsentProvisionType.PERMIT, PAPER, today.minusYears(4)));

        Consent rejected = permission("iris-pharmacy-centrum", "iris", "pharmacy-centrum", Consent.ConsentState.REJECTED,
                Consent.ConsentProvisionType.PERMIT, ONLINE, today.minusWeeks(5));
        rejected.addExtension(REJECTION_REASON_EXTENSION,
                new StringType("Wij kennen u niet als patiënt van deze apotheek; neem contact met ons op."));
        put(rejected);

        Consent medicationOnly = permission("jan-gp-de-linde", "jan", "gp-de-linde", Consent.ConsentState.ACTIVE,
                Consent.ConsentProvisionType.PERMIT, VERBAL, today.minusMonths(6));
        medicationOnly.getProvision().getCode().clear();
        medicationOnly.getProvision().addCode(new CodeableConcept(new Coding(DATA_CATEGORY_SYSTEM, MEDICATION, "Medicatiegegevens")));
        medicationOnly.getProvision().getPeriod().setEnd(date(LocalDate.of(today.getYear() + 1, 12, 31)));
        put(medicationOnly);

        put(recordShare("finn-shares-with-sanne", "finn", CARERS.get(0), today.minusWeeks(2), today.plusMonths(3)));
    }

    /** A patient lets another read their record (a carer, a family member), for a period. */
    private Consent recordShare(String id, String patient, DemoCarer person, LocalDate from, LocalDate until) {
        Consent share = new Consent();
        share.setId(id);
        share.getMeta().addProfile(RecordSharing.PROFILE);
        share.setStatus(Consent.ConsentState.ACTIVE);
        share.setScope(new CodeableConcept(new Coding(CONSENT_SCOPE_SYSTEM, PATIENT_PRIVACY, "Privacy Consent")));
        share.addCategory(new CodeableConcept(new Coding(LOINC, RecordSharing.CATEGORY, "Release of information consent")));
        share.setPatient(patientRef(patient));
        share.addPerformer(patientRef(patient));
        share.setDateTimeElement(dateTime(from));
        share.setPolicyRule(new CodeableConcept(new Coding(ACT_CODE_SYSTEM, OPT_IN, "opt-in")));
        Consent.ProvisionComponent provision = share.getProvision();
        provision.setType(Consent.ConsentProvisionType.PERMIT);
        provision.setPeriod(new Period().setStartElement(dateTime(from)).setEndElement(dateTime(until)));
        provision.addActor()
                .setRole(new CodeableConcept(new Coding(PARTICIPATION_TYPE_SYSTEM, INFORMATION_RECIPIENT,
                        "information recipient")))
                .setReference(new Reference().setDisplay(person.given() + " " + person.family())
                        .setIdentifier(new Identifier().setSystem(NamingSystems.BSN).setValue(person.bsn())));
        provision.addAction(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentaction",
                "access", "Access")));
        return share;
    }

    private Consent permission(String id, String patient, String holder, Consent.ConsentState status,
            Consent.ConsentProvisionType type, String channel, LocalDate given) {
        Consent consent = new Consent();
        consent.setId(id);
        consent.setStatus(status);
        consent.setScope(new CodeableConcept(new Coding(CONSENT_SCOPE_SYSTEM, PATIENT_PRIVACY, "Privacy Consent")));
        consent.addCategory(new CodeableConcept(new Coding(LOINC, PATIENT_CONSENT_LOINC, "Patient Consent")));
        consent.setPatient(patientRef(patient));
        consent.setDateTimeElement(dateTime(given));
        consent.addOrganization(orgRef(holder));
        consent.addPolicy().setUri(CANONICAL_BASE + "/permission-policy");
        consent.setPolicyRule(new CodeableConcept(new Coding(ACT_CODE_SYSTEM, OPT_IN, "opt-in")));
        consent.addExtension(CHANNEL_EXTENSION, new Coding(CHANNEL_SYSTEM, channel, CHANNEL_DISPLAYS.get(channel)));
        if (PAPER.equals(channel)) {
            consent.setSource(new Attachment()
                    .setContentType("text/plain")
                    .setTitle("Toestemmingsformulier (scan)")
                    .setCreationElement(dateTime(given))
                    .setData(("Signed permission form of patient " + patient + " for " + holder)
                            .getBytes(StandardCharsets.UTF_8)));
        }
        Consent.ProvisionComponent provision = consent.getProvision();
        provision.setType(type);
        provision.setPeriod(new Period().setStart(date(given)));
        provision.addActor()
                .setRole(new CodeableConcept(new Coding(PARTICIPATION_TYPE_SYSTEM, CUSTODIAN, "custodian")))
                .setReference(orgRef(holder));
        provision.addPurpose(new Coding(ACT_REASON_SYSTEM, TREATMENT, "treatment"));
        provision.addPurpose(new Coding(ACT_REASON_SYSTEM, EMERGENCY_TREATMENT, "emergency treatment"));
        provision.addCode(new CodeableConcept(new Coding(DATA_CATEGORY_SYSTEM, TREATMENT_DATA, "Behandelgegevens")));
        return consent;
    }

    // ---------------------------------------------------------------- helpers

    /** The resource, declaring the national profile it is written in. */
    private static <T extends Resource> T national(T resource, String profile) {
        resource.getMeta().addProfile(NATIONAL_PROFILE + profile);
        return resource;
    }

    private <T extends DomainResource> T held(T resource, String holder) {
        resource.addExtension(HOLDER_EXTENSION, orgRef(holder));
        return resource;
    }

    private void put(Resource resource) {
        String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
        bundle.addEntry()
                .setFullUrl(url)
                .setResource(resource)
                .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
    }

    /**
     * A name as the Dutch name information (nl-core-NameInformation) writes it: the first name marked as a birth name,
     * and the family name split into its prefix ("de") and the name itself.
     */
    private static HumanName name(String given, String family) {
        HumanName name = new HumanName().setUse(HumanName.NameUse.OFFICIAL).setText(given + " " + family);
        StringType first = name.addGivenElement();
        first.setValue(given);
        first.addExtension(EN_QUALIFIER, new CodeType("BR"));
        StringType last = new StringType(family);
        int space = family.lastIndexOf(' ');
        if (space > 0) {
            last.addExtension(OWN_PREFIX, new StringType(family.substring(0, space)));
        }
        last.addExtension(OWN_NAME, new StringType(family.substring(space + 1)));
        name.setFamilyElement(last);
        return name;
    }

    private static Reference patientRef(String id) {
        return new Reference("Patient/" + id);
    }

    /** The professional who records for a holder (an asserter must be a person, not an organisation). */
    private static Reference professionalOf(String holder) {
        String professional = switch (holder) {
            case "gp-de-linde" -> "gp-jansen";
            case "gp-haven" -> "gp-haven-dekker";
            case "pharmacy-de-brug" -> "pharmacist-de-wit";
            case "pharmacy-centrum" -> "pharmacist-kok";
            case "pharmacy-haven" -> "pharmacist-haven-smeets";
            default -> throw new IllegalArgumentException("No demo professional at " + holder);
        };
        return new Reference("PractitionerRole/" + professional + "-role");
    }

    private static Reference orgRef(String id) {
        return new Reference("Organization/" + id);
    }

    private static CodeableConcept clinicalStatus(String code) {
        return new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", code, null));
    }

    private static Date date(LocalDate date) {
        return Date.from(date.atStartOfDay(ZoneId.systemDefault()).toInstant());
    }

    private static DateTimeType dateTime(LocalDate date) {
        return new DateTimeType(date.toString());
    }
}
