package nl.schakelpunt.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ca.uhn.fhir.context.FhirContext;
import nl.schakelpunt.identity.Requester;
import nl.schakelpunt.identity.Requester.Kind;
import nl.schakelpunt.identity.Scopes;
import nl.schakelpunt.support.Policies;

/**
 * The decision point on its own, without Spring or a database: what it answers on showing a
 * resource, with the rule that decided, for each kind of requester and each reason.
 */
class AccessDecisionTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final AccessDecision DECISION = decision();

    private static AccessDecision decision() {
        TypePolicy types = Policies.types();
        Map<Kind, AllowList> lists = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            try {
                String json = Files.readString(Path.of("ig/fsh-generated/resources/CapabilityStatement-allow-list-"
                        + kind.claimValue() + ".json"));
                lists.put(kind, new AllowList(FhirContext.forR4Cached().newJsonParser()
                        .parseResource(CapabilityStatement.class, json)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return new AccessDecision(lists, types, Policies.access().summaryRules(types), Policies.access().policy());
    }

    /** Permissions: Anna lets GP data of GP De Linde through (treatment data, not results); Bram nothing. */
    private static final AccessDecision.Answers ANSWERS = new AccessDecision.Answers() {
        @Override
        public Instant now() {
            return NOW;
        }

        @Override
        public PermissionGate.Session permissions() {
            return new PermissionGate.Session() {
                @Override
                public boolean permits(String patientId, String holderId, String category) {
                    return patientId.equals("anna") && holderId.equals("gp") && category.equals("GGC002");
                }

                @Override
                public Set<String> permittedHolders(String patientId, String category) {
                    return permits(patientId, "gp", category) ? Set.of("gp") : Set.of();
                }

                @Override
                public boolean usedEmergencyRegime() {
                    return false;
                }
            };
        }

        @Override
        public boolean organizationHoldsDataAbout(String patientId) {
            return patientId.equals("carl");
        }

        @Override
        public Optional<String> patientIdByBsn(String bsn) {
            return Optional.ofNullable(Map.of("999900006", "anna", "999900018", "bram").get(bsn));
        }
    };

    private static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn|";

    @ParameterizedTest(name = "{0} searches {1}?{2}: {3} {4}")
    @CsvSource(delimiter = ';', value = {
            // A professional's look-up: one patient, the permitted holders, the window.
            "hap-gp;     Encounter;   patient.identifier=" + BSN + "999900006; summary.look-up; patient=Patient/anna&holder=Organization/gp&date=ge2026-07-22T12:00:00Z",
            "hap-gp;     Condition;   patient=Patient/anna;                     summary.look-up; patient=Patient/anna&holder=Organization/gp&clinical-status=active",
            "hap-gp;     Encounter;   patient=Patient/bram;                     summary.look-up; patient=Patient/bram&holder=" + AccessDecision.NO_HOLDER + "&date=ge2026-07-22T12:00:00Z",
            "hap-gp;     Encounter;   patient.identifier=" + BSN + "999999999; summary.look-up; patient.identifier=" + BSN + "999999999&holder=" + AccessDecision.NO_HOLDER + "&date=ge2026-07-22T12:00:00Z",
            "gp-doctor;  Encounter;   patient=Patient/bram;                     summary.look-up; patient=Patient/bram&holder=Organization/gp&date=ge2026-07-22T12:00:00Z",
            "pharmacist; Encounter;   patient=Patient/anna;                     summary.role-matrix; patient=Patient/anna&holder=" + AccessDecision.NO_HOLDER,
            // A range of the client's own: one lower bound, the later of the client's and the window's.
            "hap-gp;     Encounter;   patient=Patient/anna&date=ge2026-01-01&date=le2026-12-01; summary.look-up; patient=Patient/anna&date=le2026-12-01&date=ge2026-07-22T12:00:00Z&holder=Organization/gp",
            "hap-gp;     Encounter;   patient=Patient/anna&date=ge2026-10-01&date=lt2026-11-01; summary.look-up; patient=Patient/anna&date=ge2026-10-01&date=lt2026-11-01&holder=Organization/gp",
            "hap-gp;     Encounter;   patient=Patient/anna&date=gt2026-07-22;   summary.look-up; patient=Patient/anna&date=gt2026-07-22&holder=Organization/gp",
            "hap-gp;     Encounter;   patient=Patient/anna&date=gt2026-07-20;   summary.look-up; patient=Patient/anna&date=ge2026-07-22T12:00:00Z&holder=Organization/gp",
            "hap-gp;     Encounter;   patient=Patient/anna&date=sa2026-01-01;   summary.look-up; patient=Patient/anna&date=sa2026-01-01&date=ge2026-07-22T12:00:00Z&holder=Organization/gp",
            "hap-gp;     Encounter;   status=finished;                          narrow.patient; ",
            "hap-gp;     Encounter;   patient=Patient/anna,Patient/bram;        narrow.patient; ",
            "hap-gp;     Encounter;   patient.identifier=urn:other|1;           narrow.patient; ",
            // A patient's search is kept to their own record, an organisation's to its own data.
            "anna;       Encounter;   status=finished;                          narrow.own-record; status=finished&patient=Patient/anna",
            "anna;       Patient;     ;                                         narrow.own-record; _id=anna",
            // With records shared with them: those too, but permissions only from their own record (or none).
            "bram-carer; Encounter;   status=finished;                          narrow.own-record; status=finished&patient=Patient/bram,Patient/finn",
            "bram-carer; Patient;     ;                                         narrow.own-record; _id=bram,finn",
            "bram-carer; Consent;     ;                                         narrow.own-record; patient=Patient/bram",
            "sanne;      Encounter;   patient=Patient/finn;                     narrow.own-record; patient=Patient/finn",
            "sanne;      Consent;     ;                                         narrow.own-record; patient=" + AccessDecision.NO_RECORD,
            "nobody;     Encounter;   ;                                         narrow.own-record; ",
            "gp-system;  Encounter;   patient.identifier=" + BSN + "999900018; narrow.own-data; patient=Patient/bram&holder=Organization/gp",
            "gp-system;  Consent;     status=active;                            narrow.own-data; status=active&organization=Organization/gp",
            "operator;   Organization; name=Linde;                              narrow.none; name=Linde"})
    void narrow(String who, String type, String asked, String rule, String expected) {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        if (asked != null) {
            for (String pair : asked.split("&")) {
                String[] nameValue = pair.split("=", 2);
                parameters.merge(nameValue[0], new String[] {nameValue[1]}, (first, next) -> Stream.concat(
                        Arrays.stream(first), Arrays.stream(next)).toArray(String[]::new));
            }
        }
        AccessDecision.Narrowing narrowing = DECISION.narrow(context(who), type, parameters, ANSWERS);
        assertThat(narrowing.verdict().rule()).as(narrowing.verdict().reason()).isEqualTo(rule);
        assertThat(narrowing.verdict().permitted()).isEqualTo(expected != null);
        if (expected != null) {
            Map<String, String> flat = new LinkedHashMap<>();
            narrowing.parameters().forEach((name, values) -> flat.put(name, String.join("&" + name + "=", values)));
            assertThat(flat.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .reduce((a, b) -> a + "&" + b).orElse("")).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} sees {1} of {2} at {3} ({4}): {5}")
    @CsvSource({
            // A professional of another organisation: the patient's permission decides, per category.
            "hap-gp,       Encounter,   Patient/anna, Organization/gp,     recent,  permission",
            "hap-gp,       Observation, Patient/anna, Organization/gp,     result,  permission",
            "hap-gp,       Encounter,   Patient/anna, Organization/gp,     old,     summary.window",
            "hap-gp,       Encounter,   Patient/bram, Organization/gp,     recent,  permission",
            "pharmacist,   Encounter,   Patient/anna, Organization/gp,     recent,  summary.role-matrix",
            "occupational, Encounter,   Patient/anna, Organization/gp,     recent,  summary.role-matrix",
            // Its own organisation's data needs no permission.
            "gp-doctor,    Encounter,   Patient/bram, Organization/gp,     recent,  own-data",
            // A Patient only with a reason to know the person is known here.
            "hap-gp,       Patient,     Patient/anna, ,                    none,    patient.relation",
            "hap-gp,       Patient,     Patient/bram, ,                    none,    patient.relation",
            "hap-gp,       Patient,     Patient/carl, ,                    none,    patient.relation",
            // A holder's system sees its own data; a patient their own record; the operator no patient data.
            "gp-system,    Encounter,   Patient/bram, Organization/gp,     recent,  policy",
            "gp-system,    Encounter,   Patient/bram, Organization/other,  recent,  policy.own-data",
            "anna,         Encounter,   Patient/anna, Organization/other,  old,     policy",
            "anna,         Encounter,   Patient/bram, Organization/gp,     recent,  policy.own-data",
            "operator,     Encounter,   Patient/anna, Organization/gp,     recent,  policy.own-data",
            "operator,     Organization, ,            ,                    none,    policy"})
    void mayShow(String who, String type, String patient, String holder, String content, String rule) {
        ResourceFacts facts = new ResourceFacts(type, patient == null ? "gp" : patient.substring(8),
                Policies.types().groupOf(type).orElse(null), holder == null ? Set.of() : Set.of(holder), patient);
        Verdict verdict = DECISION.mayShow(context(who), facts, resource(type, content), ANSWERS, false);
        assertThat(verdict.rule()).as(verdict.reason()).isEqualTo(rule);
        assertThat(verdict.reason()).isNotBlank();
        boolean expected = switch (rule) {
            case "own-data", "policy" -> true;
            case "permission" -> !(patient.equals("Patient/bram") || content.equals("result"));
            case "patient.relation" -> !patient.equals("Patient/bram");
            default -> false;
        };
        assertThat(verdict.permitted()).as(verdict.reason()).isEqualTo(expected);
    }

    private static org.hl7.fhir.r4.model.Resource resource(String type, String content) {
        return switch (content) {
            case "recent", "old" -> {
                Encounter contact = new Encounter();
                String at = content.equals("recent") ? "2026-11-01T10:00:00Z" : "2026-01-01T10:00:00Z";
                contact.getPeriod().setStartElement(new DateTimeType(at)).setEndElement(new DateTimeType(at));
                yield contact;
            }
            case "result" -> {
                Observation result = new Observation();
                result.setEffective(new DateTimeType("2026-11-01T10:00:00Z"));
                result.addCategory(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", null)));
                yield result;
            }
            default -> null;
        };
    }

    @ParameterizedTest(name = "{0} {1} a permission about {2} to {3} (given to {4}): {5} {6}")
    @CsvSource(delimiter = ';', nullValues = "-", value = {
            // Recording: the patient about themselves, a holder addressed to itself, a professional of
            // an organisation that holds no data at the point of care; nobody else.
            "anna;        RECORD;        anna; gp;       -;        true;  PATIENT",
            "anna;        RECORD;        -;    gp;       -;        true;  PATIENT",
            "anna;        RECORD;        bram; gp;       -;        false; -",
            "gp-system;   RECORD;        anna; gp;       -;        true;  HOLDER",
            "gp-system;   RECORD;        anna; -;        -;        true;  HOLDER",
            "gp-system;   RECORD;        anna; pharmacy; -;        false; -",
            "gp-doctor;   RECORD;        anna; pharmacy; -;        false; -",
            "hap-gp;      RECORD;        anna; gp;       -;        true;  POINT_OF_CARE",
            "operator;    RECORD;        anna; gp;       -;        false; -",
            // Processing and updating: the holder it is addressed to only.
            "gp-system;   PROCESS;       anna; gp;       -;        true;  HOLDER",
            "pharmacist;  PROCESS;       anna; gp;       -;        false; -",
            "anna;        PROCESS;       anna; gp;       -;        false; -",
            "gp-doctor;   UPDATE;        anna; gp;       -;        true;  HOLDER",
            "anna;        UPDATE;        anna; gp;       -;        false; -",
            // Withdrawing: the patient, the holder, or the organisation a temporary permission was given to.
            "anna;        WITHDRAW;      anna; gp;       -;        true;  PATIENT",
            "anna;        WITHDRAW;      bram; gp;       -;        false; -",
            "gp-system;   WITHDRAW;      anna; gp;       -;        true;  HOLDER",
            "hap-gp;      WITHDRAW;      anna; gp;       hap;      true;  RECIPIENT",
            "hap-gp;      WITHDRAW;      anna; gp;       -;        false; -",
            "anna;        MARK_IN_ERROR; anna; gp;       -;        false; -",
            "gp-system;   MARK_IN_ERROR; anna; gp;       -;        true;  HOLDER",
            // A permission is never deleted.
            "gp-system;   DELETE;        anna; gp;       -;        false; -",
            "operator;    DELETE;        anna; gp;       -;        false; -"})
    void changePermission(String who, PermissionChange.Action action, String patient, String holder, String recipient,
            boolean permitted, PermissionChange.Party party) {
        AccessDecision.PermissionStanding standing = DECISION.mayChangePermission(context(who),
                new PermissionChange(action, patient, holder, recipient));
        assertThat(standing.verdict().permitted()).isEqualTo(permitted);
        assertThat(standing.party()).isEqualTo(party);
        assertThat(standing.verdict().rule()).isEqualTo("permission." + action.name().toLowerCase().replace('_', '-'));
        assertThat(standing.verdict().reason()).isNotBlank();
    }

    @ParameterizedTest(name = "{0} {1} {2} held by {3}: {4}")
    @CsvSource(delimiter = ';', nullValues = "-", value = {
            "gp-system;  CREATE; Encounter; -;        policy.write",
            "gp-system;  UPDATE; Encounter; gp;       policy.write",
            "gp-system;  UPDATE; Encounter; pharmacy; policy.own-data",
            "gp-system;  DELETE; Encounter; pharmacy; policy.own-data",
            "gp-system;  DELETE; Patient;   -;        policy.patient-kept",
            "hap-gp;     CREATE; Encounter; -;        policy.data-group",
            "anna;       CREATE; Encounter; -;        policy.data-group",
            "operator;   CREATE; Encounter; -;        policy.data-group",
            "operator;   CREATE; Organization; -;     policy.write"})
    void write(String who, Scopes.Letter letter, String type, String holder, String rule) {
        ResourceFacts stored = holder == null ? null
                : new ResourceFacts(type, "x", DataGroup.CLINICAL, Set.of("Organization/" + holder), "Patient/anna");
        Verdict verdict = DECISION.mayWrite(context(who), type, letter, stored);
        assertThat(verdict.rule()).isEqualTo(rule);
        assertThat(verdict.permitted()).isEqualTo(rule.equals("policy.write"));
    }

    @ParameterizedTest(name = "{0} {1} {2} supplied by {3}: {4}")
    @CsvSource(delimiter = ';', nullValues = "-", value = {
            "gp-system;    CREATE; Organization;     -;          policy.write",
            "pharmacist;   UPDATE; PractitionerRole; pharmacy;   directory.supplied",
            "gp-system;    UPDATE; Location;         pharmacy;   policy.own-data",
            "gp-system;    UPDATE; Organization;     registered; directory.registered",
            "gp-doctor;    UPDATE; Practitioner;     registered; directory.registered",
            "hap-gp;       CREATE; Organization;     -;          policy.data-group",
            "anna;         CREATE; Organization;     -;          policy.data-group",
            "operator;     UPDATE; Organization;     registered; directory.registered",
            "operator;     UPDATE; Organization;     gp;         directory.supplied",
            "operator;     DELETE; Practitioner;     pharmacy;   directory.supplied"})
    void writeDirectory(String who, Scopes.Letter letter, String type, String supplier, String rule) {
        ResourceFacts stored = supplier == null ? null : new ResourceFacts(type, "x", DataGroup.DIRECTORY,
                supplier.equals("registered") ? Set.of() : Set.of("Organization/" + supplier), null);
        Verdict verdict = DECISION.mayWrite(context(who), type, letter, stored);
        assertThat(verdict.rule()).isEqualTo(rule);
        boolean permitted = rule.equals("policy.write")
                || rule.equals("directory.supplied") && !who.equals("operator")
                || rule.equals("directory.registered") && who.equals("operator");
        assertThat(verdict.permitted()).isEqualTo(permitted);
        assertThat(verdict.reason()).isNotBlank();
    }

    private static AccessContext context(String who) {
        Scopes all = Scopes.parse("system/*.cruds user/*.cruds patient/*.rs");
        return switch (who) {
            case "hap-gp" -> new AccessContext(professional("N6", "01.015", all), "hap", false, null);
            case "pharmacist" -> new AccessContext(professional("J8", "17.000", all), "pharmacy", true, null);
            case "occupational" -> new AccessContext(professional("V4", "01.002", all), "hospital", false, null);
            case "gp-doctor" -> new AccessContext(professional("Z3", "01.015", all), "gp", true, null);
            case "gp-system" -> new AccessContext(new Requester(Kind.ORGANIZATION, "issuer", "subject", "1", "Z3", null,
                    null, "TREAT", null, all, null, null), "gp", true, null);
            case "anna" -> new AccessContext(new Requester(Kind.PATIENT, "issuer", "subject", null, null, null, null,
                    null, "999900006", all, null, null), null, false, "anna");
            case "bram-carer" -> new AccessContext(new Requester(Kind.PATIENT, "issuer", "subject", null, null, null,
                    null, null, "999900018", all, null, null), null, false, "bram", Map.of("finn", "finn-shares"));
            case "sanne" -> new AccessContext(new Requester(Kind.PATIENT, "issuer", "subject", null, null, null,
                    null, null, "999900122", all, null, null), null, false, null, Map.of("finn", "finn-shares"));
            case "nobody" -> new AccessContext(new Requester(Kind.PATIENT, "issuer", "subject", null, null, null,
                    null, null, "999900134", all, null, null), null, false, null);
            case "operator" -> new AccessContext(new Requester(Kind.OPERATOR, "issuer", "subject", null, null, null,
                    null, null, null, all, null, null), null, false, null);
            default -> throw new IllegalArgumentException(who);
        };
    }

    private static Requester professional(String organizationType, String role, Scopes scopes) {
        return new Requester(Kind.PROFESSIONAL, "issuer", "subject", "1", organizationType, "900000001", role, "TREAT",
                null, scopes, null, null);
    }
}
