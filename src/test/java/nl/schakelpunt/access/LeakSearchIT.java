package nl.schakelpunt.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import ca.uhn.fhir.rest.api.EncodingEnum;
import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.ServerTest;
import nl.schakelpunt.support.TestTokens;

/**
 * A randomised search for leaks over HTTP. A world of fresh patients, each with a record at GP
 * practice De Linde and at pharmacy De Brug under a known permission situation, is sent thousands of
 * generated requests by every kind of requester. No answer may tell a requester what it may not know:
 * no id or text of a resource it may not see, no count above what it may see, and no difference from
 * the answer it would get had the secret thing never existed.
 *
 * <p>{@code -Dleak.seed} chooses the world and the requests, {@code -Dleak.requests} how many are tried.
 * {@link #KNOWN_LEAKS} are leaks found before, asked on every run with placeholders for the seeded world:
 * {@code {P:SITUATION}} a patient's id, {@code {BSN:SITUATION}} its BSN, and {@code {ID|S|T:SITUATION:Type}}
 * the id, searchable identifier or text of its first record of that type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeakSearchIT extends ServerTest {

    private static final long SEED = Long.getLong("leak.seed", 20_250_611L);
    private static final int REQUESTS = Integer.getInteger("leak.requests", 2000);
    private static final int REPORTED = 30;

    private static final String MARKERS = "urn:schakelpunt:leak-search";
    private static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn";
    private static final String URA = "http://fhir.nl/fhir/NamingSystem/ura";
    private static final String JSON_PATCH = "application/json-patch+json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final LocalDate TODAY = LocalDate.now();

    /** Parameters that shape an answer and select nothing. */
    private static final Set<String> SHAPING = Set.of("_summary", "_elements", "_count", "_total", "_sort", "_include",
            "_include:iterate", "_revinclude", "_revinclude:iterate", "_format", "_pretty", "_since", "_type");
    private static final Set<String> NEGATING = Set.of(":not", ":missing", ":above", ":below");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(P|BSN|ID|S|T):([A-Z_]+)(?::([A-Za-z]+))?}");

    private static final List<String> CLINICAL = List.of("Encounter", "Observation", "Condition",
            "MedicationStatement", "AllergyIntolerance", "MedicationDispense");

    private static final String DELETE_MODE =
            "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"mode\",\"valueCode\":\"delete\"}]}";

    private static final List<KnownLeak> KNOWN_LEAKS = List.of(
            new KnownLeak("hap", "GET", "Patient/{P:REFUSED}/$everything", null),
            new KnownLeak("pharmacist", "GET", "Patient/{P:NONE}/$everything?_type=Observation%2CCondition", null),
            new KnownLeak("patient-NONE", "GET", "Patient/{P:BOTH}/$everything?_count=200", null),
            new KnownLeak("pharmacy-system", "GET", "Encounter/{ID:NONE:Encounter}/$everything", null),
            new KnownLeak("hap", "POST", "Encounter/{ID:REFUSED:Encounter}/$validate?mode=delete", DELETE_MODE),
            new KnownLeak("patient-NONE", "POST", "Patient/{P:REFUSED}/$validate?mode=delete", DELETE_MODE),
            new KnownLeak("operator", "POST", "Consent/{ID:BOTH:Consent}/$validate?mode=delete", DELETE_MODE),
            new KnownLeak("pharmacy-system", "PATCH", "Encounter/{ID:REFUSED:Encounter}",
                    "[{\"op\":\"test\",\"path\":\"/status\",\"value\":\"finished\"}]"),
            new KnownLeak("pharmacy-system", "PATCH", "Encounter/{ID:REFUSED:Encounter}",
                    "[{\"op\":\"test\",\"path\":\"/status\",\"value\":\"planned\"}]"),
            new KnownLeak("gp-system", "DELETE", "MedicationStatement/{ID:REFUSED:MedicationStatement}", null),
            new KnownLeak("pharmacist", "POST", "Observation",
                    "{\"resourceType\":\"Observation\",\"status\":\"final\","
                            + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"67781-5\"}]},"
                            + "\"subject\":{\"reference\":\"Patient/{P:SINK}\"},"
                            + "\"focus\":[{\"reference\":\"Encounter/{ID:REFUSED:Encounter}\"}],"
                            + "\"effectiveDateTime\":\"2025-01-01\",\"valueString\":\"written\"}"),
            new KnownLeak("hap", "batch", "Encounter?patient=Patient%2F{P:REFUSED}&_summary=count", null),
            new KnownLeak("patient-NONE", "batch", "Encounter?patient=Patient%2F{P:BOTH}", null),
            new KnownLeak("operator", "transaction", "AllergyIntolerance?patient=Patient%2F{P:BOTH}", null),
            new KnownLeak("pharmacy-system", "batch", "Encounter?type:text={T:NONE:Encounter}", null),
            new KnownLeak("hap", "transaction",
                    "Organization?_has:MedicationStatement:source:identifier={S:GP_ONLY:MedicationStatement}", null),
            new KnownLeak("patient-NONE", "batch",
                    "Medication?_has:MedicationStatement:medication:patient=Patient%2F{P:BOTH}", null),
            new KnownLeak("patient-GP_ONLY", "transaction",
                    "Consent?patient.identifier={BSN:REFUSED}&_include:iterate=*", null));

    private World world;
    private HttpClient client;
    private String base;
    private final Map<String, Requester> requesters = new LinkedHashMap<>();

    // ------------------------------------------------------------------ the tests

    @Test
    void randomRequestsRevealNothingWithoutPermission() {
        Session session = new Session();
        Generator generator = new Generator(SEED);
        long start = System.nanoTime();
        while (session.requests < REQUESTS) {
            Requester requester = generator.requester();
            Probe probe = session.probe(requester, generator.next(requester), OptionalInt.empty());
            String next = nextLink(probe.answer());
            for (int page = 0; next != null && page < 3 && session.requests < REQUESTS && generator.chance(50); page++) {
                Requester pager = generator.chance(75) ? requester : generator.requester();
                probe = session.probe(pager, Call.get(next), pager == requester ? probe.bound() : OptionalInt.empty());
                next = nextLink(probe.answer());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(session.summary(seconds));
        assertThat(session.requests).as("requests tried").isEqualTo(REQUESTS);
        assertThat(session.successes).as("answers with status 2xx, so that the search reaches data").isGreaterThan(REQUESTS / 10);
        assertThat(session.violations).withFailMessage(() -> session.report(seconds)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("knownLeaks")
    void knownLeakStaysClosed(KnownLeak leak) {
        Session session = new Session();
        Probe probe = session.probe(requesterNamed(leak.requester()), world.resolve(leak), OptionalInt.empty());
        assertThat(probe.answer().status()).as("answered").isPositive();
        assertThat(session.violations).withFailMessage(() -> session.report(0)).isEmpty();
    }

    List<KnownLeak> knownLeaks() {
        return KNOWN_LEAKS;
    }

    /** A leak found before: who asked, and the request (a batch or transaction: its one entry) with placeholders. */
    record KnownLeak(String requester, String method, String path, String body) {

        @Override
        public String toString() {
            return requester + ": " + method + " " + path + (body == null ? "" : " " + body);
        }
    }

    // ------------------------------------------------------------------ the seeded world

    /** The two holders of the seeded records, with what each holds of every patient it knows. */
    private enum Holder {
        GP("gp-de-linde", "g", List.of("Encounter:enc", "Observation:obs", "Observation:res", "Condition:con", "Encounter:old")),
        PHARMACY("pharmacy-de-brug", "a", List.of("MedicationStatement:mst", "AllergyIntolerance:all", "MedicationDispense:mdi"));

        final String organizationId;
        final String letter;
        final List<String> records;

        Holder(String organizationId, String letter, List<String> records) {
            this.organizationId = organizationId;
            this.letter = letter;
            this.records = records;
        }
    }

    /** A patient's permission situation: which holders hold a record, hold a permission record, and may share. */
    private enum Situation {
        GP_ONLY(EnumSet.allOf(Holder.class), EnumSet.of(Holder.GP), EnumSet.of(Holder.GP)),
        BOTH(EnumSet.allOf(Holder.class), EnumSet.allOf(Holder.class), EnumSet.allOf(Holder.class)),
        REFUSED(EnumSet.allOf(Holder.class), EnumSet.allOf(Holder.class), EnumSet.noneOf(Holder.class)),
        NONE(EnumSet.of(Holder.GP), EnumSet.noneOf(Holder.class), EnumSet.noneOf(Holder.class)),
        WITHDRAWN(EnumSet.allOf(Holder.class), EnumSet.allOf(Holder.class), EnumSet.noneOf(Holder.class)),
        PENDING(EnumSet.of(Holder.GP), EnumSet.of(Holder.GP), EnumSet.noneOf(Holder.class)),
        BLANK(EnumSet.noneOf(Holder.class), EnumSet.noneOf(Holder.class), EnumSet.noneOf(Holder.class)),
        SINK(EnumSet.noneOf(Holder.class), EnumSet.noneOf(Holder.class), EnumSet.noneOf(Holder.class));

        final Set<Holder> records;
        final Set<Holder> consents;
        final Set<Holder> permits;

        Situation(Set<Holder> records, Set<Holder> consents, Set<Holder> permits) {
            this.records = records;
            this.consents = consents;
            this.permits = permits;
        }
    }

    private record Person(Situation situation, String id, String bsn) {
    }

    /** A seeded resource (or the Patient itself, without holder) and the markers it carries. */
    private record Seed(String type, String id, Person person, Holder holder) {

        boolean isPatient() {
            return holder == null;
        }

        String searchMarker() {
            return id + "-s";
        }

        String textMarker() {
            return id + "-t";
        }

        String hiddenMarker() {
            return id + "-h";
        }

        List<String> tokens() {
            return List.of(id, searchMarker(), textMarker(), hiddenMarker());
        }

        String kind() {
            return isPatient() ? "patient" : id.substring(id.lastIndexOf('-') + 2);
        }

        String describe() {
            return type + " of " + person.situation() + (isPatient() ? "" : " at " + holder);
        }
    }

    /**
     * The seeded world and the oracle over it. Every id and marker starts with a tag made from the
     * seed, so that an answer is scanned for them in one pass. Three BLANK patients without any data
     * stand in for a secret patient in a control request; SINK takes what requests write.
     */
    private static final class World {

        final String tag;
        final List<Person> persons = new ArrayList<>();
        final List<Seed> seeds = new ArrayList<>();
        final Map<String, Seed> byToken = new HashMap<>();
        final Map<Person, Seed> patients = new HashMap<>();
        final Set<Seed> compromised = new HashSet<>();

        World(long seed) {
            Random random = new Random(seed);
            tag = String.format("lk%06x", random.nextInt(1 << 24));
            Set<String> bsns = new HashSet<>();
            Situation[] situations = {Situation.GP_ONLY, Situation.BOTH, Situation.REFUSED, Situation.NONE,
                    Situation.WITHDRAWN, Situation.PENDING, Situation.BLANK, Situation.BLANK, Situation.BLANK, Situation.SINK};
            for (int i = 0; i < situations.length; i++) {
                String bsn;
                do {
                    bsn = String.format("9997%05d", random.nextInt(100_000));
                } while (!elevenProof(bsn) || !bsns.add(bsn));
                Person person = new Person(situations[i], tag + "-p" + i, bsn);
                persons.add(person);
                Seed patient = add(new Seed("Patient", person.id(), person, null));
                patients.put(person, patient);
                for (Holder holder : situations[i].records) {
                    for (String record : holder.records) {
                        String[] typeAndKind = record.split(":");
                        add(new Seed(typeAndKind[0], person.id() + "-" + holder.letter + typeAndKind[1], person, holder));
                    }
                }
                for (Holder holder : situations[i].consents) {
                    add(new Seed("Consent", person.id() + "-" + holder.letter + "cst", person, holder));
                }
            }
        }

        private Seed add(Seed seed) {
            seeds.add(seed);
            seed.tokens().forEach(token -> byToken.put(token, seed));
            return seed;
        }

        static boolean elevenProof(String bsn) {
            int sum = 0;
            for (int i = 0; i < 8; i++) {
                sum += (9 - i) * (bsn.charAt(i) - '0');
            }
            sum -= bsn.charAt(8) - '0';
            return sum % 11 == 0;
        }

        Seed patientOf(Person person) {
            return patients.get(person);
        }

        List<Seed> seedsOf(Person person) {
            return seeds.stream().filter(s -> s.person() == person).toList();
        }

        /**
         * What a requester must certainly not learn: for the operator every patient's data; for a
         * patient everything of every other patient; for a professional or an organisation's system
         * what another holder holds of a patient who has not permitted that holder to share.
         */
        boolean secret(Requester requester, Seed seed) {
            if (compromised.contains(seed)) {
                return false;
            }
            return switch (requester.kind) {
                case OPERATOR -> true;
                case PATIENT -> seed.person() != requester.self;
                case PROFESSIONAL, ORGANIZATION -> !seed.isPatient()
                        && !seed.holder().organizationId.equals(requester.organizationId)
                        && !seed.person().situation().permits.contains(seed.holder());
            };
        }

        /** Whether nothing about this patient may be known to the requester (its Patient aside, for readers). */
        boolean fullySecret(Requester requester, Person person) {
            if (person.situation() == Situation.SINK) {
                return false;
            }
            for (Seed seed : seedsOf(person)) {
                boolean counts = !seed.isPatient() || requester.kind == Kind.PATIENT || requester.kind == Kind.OPERATOR;
                if (compromised.contains(seed) || counts && !secret(requester, seed)) {
                    return false;
                }
            }
            return true;
        }

        /** The tagged tokens in a text, whole. */
        List<String> tokens(String text) {
            List<String> found = new ArrayList<>();
            int at = text.indexOf(tag);
            while (at >= 0) {
                int end = at + tag.length();
                while (end < text.length() && isTokenChar(text.charAt(end))) {
                    end++;
                }
                found.add(text.substring(at, end));
                at = text.indexOf(tag, end);
            }
            return found;
        }

        private static boolean isTokenChar(char c) {
            return c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        }

        /** What a text names of the world: seeds by id or marker, patients also by BSN. */
        Set<Seed> named(String text) {
            Set<Seed> named = new LinkedHashSet<>();
            for (String token : tokens(text)) {
                Seed seed = byToken.get(token);
                if (seed != null) {
                    named.add(seed);
                }
            }
            for (Person person : persons) {
                if (text.contains(person.bsn())) {
                    named.add(patientOf(person));
                }
            }
            return named;
        }

        /** The seeds of a type a search may find through what it names; a superset of what can match. */
        Set<Seed> expand(Collection<Seed> named, String type) {
            Set<Seed> evidence = new LinkedHashSet<>();
            for (Seed seed : named) {
                if (seed.isPatient()) {
                    seedsOf(seed.person()).stream().filter(s -> s.type().equals(type)).forEach(evidence::add);
                } else {
                    evidence.add(seed);
                    seedsOf(seed.person()).stream()
                            .filter(s -> s.type().equals(type) && (s.holder() == seed.holder() || s.isPatient()))
                            .forEach(evidence::add);
                }
            }
            return evidence;
        }

        /** The token of something like this that never existed. */
        String missing(String token) {
            return token.replaceFirst(Pattern.quote(tag + "-p"), tag + "-x");
        }

        /** Replaces whole tokens and BSNs. */
        String replace(String text, Map<String, String> replacements) {
            StringBuilder out = new StringBuilder();
            int from = 0;
            int at = text.indexOf(tag);
            while (at >= 0) {
                int end = at + tag.length();
                while (end < text.length() && isTokenChar(text.charAt(end))) {
                    end++;
                }
                String token = text.substring(at, end);
                out.append(text, from, at).append(replacements.getOrDefault(token, token));
                from = end;
                at = text.indexOf(tag, end);
            }
            String replaced = out.append(text.substring(from)).toString();
            for (Map.Entry<String, String> entry : replacements.entrySet()) {
                if (entry.getKey().matches("\\d{9}")) {
                    replaced = replaced.replace(entry.getKey(), entry.getValue());
                }
            }
            return replaced;
        }

        Person person(Situation situation) {
            return persons.stream().filter(p -> p.situation() == situation).findFirst().orElseThrow();
        }

        Call resolve(KnownLeak leak) {
            if (leak.method().equals("batch") || leak.method().equals("transaction")) {
                return bundleOf(leak.method(), List.of(fill(leak.path())));
            }
            return new Call(leak.method(), fill(leak.path()), leak.body() == null ? null : fill(leak.body()),
                    leak.method().equals("PATCH") ? JSON_PATCH : FhirHttp.FHIR_JSON);
        }

        private String fill(String text) {
            Matcher matcher = PLACEHOLDER.matcher(text);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                Person person = person(Situation.valueOf(matcher.group(2)));
                Seed seed = matcher.group(3) == null ? patientOf(person)
                        : seedsOf(person).stream().filter(s -> s.type().equals(matcher.group(3))).findFirst().orElseThrow();
                String value = switch (matcher.group(1)) {
                    case "P", "ID" -> seed.id();
                    case "BSN" -> person.bsn();
                    case "S" -> seed.searchMarker();
                    default -> seed.textMarker();
                };
                matcher.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(out);
            return out.toString();
        }
    }

    // ------------------------------------------------------------------ requesters

    private enum Kind { PROFESSIONAL, ORGANIZATION, PATIENT, OPERATOR }

    /** Who asks; a token is signed for it and renewed well before it expires. */
    private static final class Requester {

        final String name;
        final Kind kind;
        final String organizationId;
        final Person self;
        private final Supplier<TestTokens> claims;
        private String token;
        private long signedAt;

        Requester(String name, Kind kind, String organizationId, Person self, Supplier<TestTokens> claims) {
            this.name = name;
            this.kind = kind;
            this.organizationId = organizationId;
            this.self = self;
            this.claims = claims;
        }

        String token() {
            if (token == null || System.currentTimeMillis() - signedAt > 240_000) {
                token = claims.get().sign();
                signedAt = System.currentTimeMillis();
            }
            return token;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private Requester requesterNamed(String name) {
        return Optional.ofNullable(requesters.get(name)).orElseThrow(() -> new IllegalArgumentException("No requester " + name));
    }

    private void register(Requester requester) {
        requesters.put(requester.name, requester);
    }

    // ------------------------------------------------------------------ building the world over the API

    @BeforeAll
    void seedTheWorld() {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        base = fhir().root();
        world = new World(SEED);
        register(new Requester("hap", Kind.PROFESSIONAL, "hap-rivierenland", null,
                () -> TestTokens.professional("90000401", "N6", "900000401", "01.015")));
        register(new Requester("hap-emergency", Kind.PROFESSIONAL, "hap-rivierenland", null,
                () -> TestTokens.professional("90000401", "N6", "900000401", "01.015").claim("purpose_of_use", "ETREAT")));
        register(new Requester("pharmacist", Kind.PROFESSIONAL, "pharmacy-centrum", null,
                () -> TestTokens.professional("90000202", "J8", "900000202", "17.000")));
        register(new Requester("gp-system", Kind.ORGANIZATION, Holder.GP.organizationId, null, TestTokens::gpDeLinde));
        register(new Requester("pharmacy-system", Kind.ORGANIZATION, Holder.PHARMACY.organizationId, null,
                TestTokens::pharmacyDeBrug));
        register(new Requester("operator", Kind.OPERATOR, null, null, TestTokens::operator));
        for (Person person : world.persons) {
            if (person.situation() != Situation.SINK && !requesters.containsKey("patient-" + person.situation())) {
                register(new Requester("patient-" + person.situation(), Kind.PATIENT, null, person,
                        () -> TestTokens.patient(person.bsn())));
            }
        }

        // The temporary emergency regime would open GP data of patients without a choice: off, as by default.
        operator().post("/fhir/$emergency-regime",
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"active\",\"valueBoolean\":false}]}").expect(200);
        gp().post("/fhir", FhirHttp.json(records(Holder.GP))).expect(200);
        pharmacy().post("/fhir", FhirHttp.json(records(Holder.PHARMACY))).expect(200);
        for (Seed seed : world.seeds) {
            if (seed.type().equals("Consent")) {
                recordPermission(seed);
            }
        }
        Seed refusedContact = world.seedsOf(world.person(Situation.REFUSED)).stream()
                .filter(s -> s.type().equals("Encounter")).findFirst().orElseThrow();
        gp().get("/fhir/Encounter/" + refusedContact.id()).expect(200);
    }

    private FhirHttp holderClient(Holder holder) {
        return holder == Holder.GP ? gp() : pharmacy();
    }

    private void recordPermission(Seed seed) {
        Situation situation = seed.person().situation();
        FhirHttp patient = fhir().as(TestTokens.patient(seed.person().bsn()));
        String path = "/fhir/Consent/" + seed.id();
        switch (situation) {
            // A patient asks online with POST: the server chooses the id, which then names the seed too.
            case PENDING -> world.byToken.put(patient.post("/fhir/Consent", permission(seed, "online",
                    Consent.ConsentState.PROPOSED, Consent.ConsentProvisionType.PERMIT)).expect(201).as(Consent.class)
                    .getIdElement().getIdPart(), seed);
            case REFUSED -> holderClient(seed.holder()).put(path, permission(seed, "verbal", Consent.ConsentState.ACTIVE,
                    Consent.ConsentProvisionType.DENY)).expect(201);
            default -> holderClient(seed.holder()).put(path, permission(seed, "verbal", Consent.ConsentState.ACTIVE,
                    Consent.ConsentProvisionType.PERMIT)).expect(201);
        }
        if (situation == Situation.WITHDRAWN) {
            patient.post(path + "/$withdraw", "{\"resourceType\":\"Parameters\"}").expect(200);
        }
    }

    /** One transaction per holder, as a holder's system sends its records; the GP also sends every Patient. */
    private Bundle records(Holder holder) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Seed seed : world.seeds) {
            if (seed.isPatient() ? holder == Holder.GP : seed.holder() == holder && !seed.type().equals("Consent")) {
                DomainResource resource = resourceOf(seed);
                resource.setId(seed.id());
                String url = seed.type() + "/" + seed.id();
                bundle.addEntry().setFullUrl(url).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
            }
        }
        return bundle;
    }

    private DomainResource resourceOf(Seed seed) {
        Reference patient = new Reference("Patient/" + seed.person().id());
        Reference encounter = new Reference("Encounter/" + seed.person().id() + "-genc");
        Identifier search = new Identifier().setSystem(MARKERS).setValue(seed.searchMarker());
        Identifier hidden = new Identifier().setSystem(MARKERS).setValue(seed.hiddenMarker());
        return switch (seed.kind()) {
            case "patient" -> new Patient().addIdentifier(new Identifier().setSystem(BSN).setValue(seed.person().bsn()))
                    .addIdentifier(search).addIdentifier(hidden)
                    .addName(new HumanName().setFamily(seed.textMarker()).addGiven("Leak"))
                    .setGender(Enumerations.AdministrativeGender.UNKNOWN);
            case "enc", "old" -> new Encounter().addIdentifier(search).addIdentifier(hidden)
                    .setStatus(Encounter.EncounterStatus.FINISHED)
                    .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"))
                    .addType(new CodeableConcept().setText(seed.textMarker()))
                    .setSubject(patient)
                    .setPeriod(period(seed.kind().equals("enc") ? TODAY.minusWeeks(2) : TODAY.minusMonths(14)))
                    .setServiceProvider(new Reference("Organization/" + Holder.GP.organizationId));
            case "obs" -> new Observation().addIdentifier(search).addIdentifier(hidden)
                    .setStatus(Observation.ObservationStatus.FINAL)
                    .setCode(new CodeableConcept(new Coding("http://loinc.org", "67781-5", "Encounter note")))
                    .setSubject(patient).setEncounter(encounter)
                    .setEffective(new DateTimeType(TODAY.minusWeeks(2).toString()))
                    .setValue(new StringType(seed.textMarker()))
                    .addPerformer(new Reference("Organization/" + Holder.GP.organizationId));
            case "res" -> new Observation().addIdentifier(search).addIdentifier(hidden)
                    .setStatus(Observation.ObservationStatus.FINAL)
                    .addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
                            "laboratory", "Laboratory")))
                    .setCode(new CodeableConcept(new Coding("http://loinc.org", "4548-4", "Hemoglobin A1c"))
                            .setText(seed.textMarker()))
                    .setSubject(patient).setEncounter(encounter)
                    .setEffective(new DateTimeType(TODAY.minusWeeks(2).toString()))
                    .setValue(new Quantity().setValue(48).setUnit("mmol/mol")
                            .setSystem("http://unitsofmeasure.org").setCode("mmol/mol"))
                    .addPerformer(new Reference("Organization/" + Holder.GP.organizationId));
            case "con" -> new Condition().addIdentifier(search).addIdentifier(hidden)
                    .setClinicalStatus(new CodeableConcept(new Coding(
                            "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)))
                    .addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-category",
                            "problem-list-item", "Problem List Item")))
                    .setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icpc-1-nl", "K86",
                            "Hypertensie zonder orgaanbeschadiging")).setText(seed.textMarker()))
                    .setSubject(patient)
                    .setOnset(new DateTimeType(TODAY.minusYears(6).toString()))
                    .setAsserter(new Reference("PractitionerRole/gp-jansen-role"));
            case "mst" -> new MedicationStatement().addIdentifier(search).addIdentifier(hidden)
                    .setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE)
                    .setCategory(new CodeableConcept(new Coding("http://snomed.info/sct", "422979000", "Medication use")))
                    .setMedication(new Reference("Medication/metoprolol"))
                    .setSubject(patient)
                    .setEffective(new Period().setStart(date(TODAY.minusYears(2))))
                    .setInformationSource(new Reference("Organization/" + Holder.PHARMACY.organizationId))
                    .addNote(new Annotation().setText(seed.textMarker()));
            case "all" -> new AllergyIntolerance().addIdentifier(search).addIdentifier(hidden)
                    .setClinicalStatus(new CodeableConcept(new Coding(
                            "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", null)))
                    .setVerificationStatus(new CodeableConcept(new Coding(
                            "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed", null)))
                    .setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "764146007", "Penicillin"))
                            .setText(seed.textMarker()))
                    .setPatient(patient)
                    .setRecordedDateElement(new DateTimeType(TODAY.minusYears(3).toString()))
                    .setAsserter(new Reference("PractitionerRole/pharmacist-de-wit-role"));
            case "mdi" -> new MedicationDispense().addIdentifier(search).addIdentifier(hidden)
                    .setStatus(MedicationDispense.MedicationDispenseStatus.COMPLETED)
                    .setMedication(new Reference("Medication/metoprolol"))
                    .setSubject(patient)
                    .setQuantity(new Quantity().setValue(90).setUnit("tablet"))
                    .setWhenHandedOverElement(new DateTimeType(TODAY.minusWeeks(3).toString()))
                    .addNote(new Annotation().setText(seed.textMarker()));
            default -> throw new IllegalArgumentException("No record of kind " + seed.kind());
        };
    }

    private Consent permission(Seed seed, String channel, Consent.ConsentState status, Consent.ConsentProvisionType type) {
        Consent consent = new Consent().setStatus(status)
                .setScope(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)))
                .addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", null)))
                .setPatient(new Reference("Patient/" + seed.person().id()))
                .setDateTimeElement(DateTimeType.now())
                .addOrganization(new Reference("Organization/" + seed.holder().organizationId))
                .setPolicyRule(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", null)));
        consent.setId(seed.id());
        consent.addIdentifier().setSystem(MARKERS).setValue(seed.searchMarker());
        consent.addIdentifier().setSystem(MARKERS).setValue(seed.hiddenMarker());
        consent.addExtension("https://schakelpunt.nl/fhir/StructureDefinition/permission-channel",
                new Coding("https://schakelpunt.nl/fhir/CodeSystem/permission-channel", channel, null));
        Consent.ProvisionComponent provision = consent.getProvision().setType(type);
        provision.setPeriod(new Period().setStart(new Date(System.currentTimeMillis() - 60_000)));
        provision.addActor()
                .setRole(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "CST", null)))
                .setReference(new Reference("Organization/" + seed.holder().organizationId));
        provision.addPurpose(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "TREAT", null));
        provision.addPurpose(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "ETREAT", null));
        return consent;
    }

    private static Period period(LocalDate day) {
        return new Period().setStart(date(day)).setEnd(date(day));
    }

    private static Date date(LocalDate day) {
        return Date.from(day.atStartOfDay(ZoneId.systemDefault()).toInstant());
    }

    // ------------------------------------------------------------------ requests and answers

    private record Call(String method, String path, String body, String contentType) {

        static Call get(String path) {
            return new Call("GET", path, null, null);
        }

        /** What the requester says in this request, decoded. */
        String text() {
            String said = URLDecoder.decode(path, StandardCharsets.UTF_8);
            if (body == null) {
                return said;
            }
            return said + "\n" + (FORM.equals(contentType) ? URLDecoder.decode(body, StandardCharsets.UTF_8) : body);
        }

        boolean writes() {
            return switch (method) {
                case "PUT", "PATCH", "DELETE" -> true;
                case "POST" -> path.matches("[A-Z][A-Za-z]+");
                default -> false;
            };
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : " " + (body.length() > 400 ? body.substring(0, 400) + "..." : body);
            return method + " " + path + shown;
        }
    }

    /** An answer; its body is parsed once, when first needed. */
    private static final class Answer {

        private final int status;
        private final String body;
        private final String contentType;
        private final String location;
        private IBaseResource parsed;

        Answer(int status, String body, String contentType, String location) {
            this.status = status;
            this.body = body;
            this.contentType = contentType;
            this.location = location;
        }

        int status() {
            return status;
        }

        String body() {
            return body;
        }

        String location() {
            return location;
        }

        boolean isFhir() {
            return contentType != null && EncodingEnum.forContentType(contentType) != null && !body.isBlank();
        }

        IBaseResource parse() {
            if (parsed == null) {
                parsed = EncodingEnum.forContentType(contentType).newParser(FhirHttp.FHIR).parseResource(body);
            }
            return parsed;
        }
    }

    private record Probe(Answer answer, OptionalInt bound) {
    }

    private Answer send(Requester requester, Call call) {
        String url = call.path().startsWith("http") ? call.path() : base + "/fhir/" + call.path();
        HttpRequest.BodyPublisher body = call.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(call.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", FhirHttp.FHIR_JSON)
                .header("Authorization", "Bearer " + requester.token())
                .method(call.method(), body);
        if (call.body() != null) {
            request.header("Content-Type", call.contentType() == null ? FhirHttp.FHIR_JSON : call.contentType());
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(call + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(call + " interrupted", e);
        }
    }

    private static String nextLink(Answer answer) {
        if (answer.status() != 200 || !answer.isFhir() || !answer.body().contains("next")) {
            return null;
        }
        return answer.parse() instanceof Bundle bundle && bundle.getLink("next") != null ? bundle.getLink("next").getUrl() : null;
    }

    // ------------------------------------------------------------------ checking answers

    private record Violation(int index, Requester requester, Call call, int status, String kind, String detail) {

        String line() {
            return "#" + index + " " + requester + ": " + call + " -> " + status + ": " + detail;
        }

        /** Who asked, by kind for patients, to group findings. */
        String signature() {
            return requester.kind == Kind.PATIENT ? "patient" : requester.name;
        }
    }

    /** One run of requests: what each requester has said so far, and what was found. */
    private final class Session {

        final List<Violation> violations = new ArrayList<>();
        final List<String> serverErrors = new ArrayList<>();
        final Map<Requester, Set<String>> knowledge = new HashMap<>();
        int requests;
        int controls;
        int housekeeping;
        int successes;

        Probe probe(Requester requester, Call call, OptionalInt inheritedBound) {
            int index = requests++;
            learn(requester, call);
            Optional<Call> control = control(requester, call);
            Answer answer = send(requester, call);
            if (answer.status() / 100 == 2) {
                successes++;
            } else if (answer.status() / 100 == 5) {
                serverErrors.add(requester + ": " + call + " -> " + answer.status());
            }
            Set<Seed> touched = call.writes() ? world.named(call.text()) : Set.of();
            clearUp(requester, answer, touched);
            expectNoSecrets(index, requester, call, answer);
            OptionalInt bound = searchOf(call.path(), call.method(), call.body(), call.contentType())
                    .map(search -> bound(requester, search)).orElse(inheritedBound);
            expectWithinBound(index, requester, call, answer, bound);
            expectWithinBoundPerEntry(index, requester, call, answer);
            control.ifPresent(twin -> expectSameAsControl(index, requester, call, answer, twin));
            if (call.writes() && answer.status() / 100 == 2) {
                verifyUntouched(requester, touched);
            }
            return new Probe(answer, bound);
        }

        private void learn(Requester requester, Call call) {
            Set<String> known = knowledge.computeIfAbsent(requester, r -> new HashSet<>());
            String text = call.text();
            known.addAll(world.tokens(text));
            world.persons.stream().map(Person::bsn).filter(text::contains).forEach(known::add);
        }

        private void expect(Violation where, ThrowingCallable assertion) {
            Throwable failure = catchThrowable(assertion);
            if (failure != null) {
                violations.add(where);
            }
        }

        /** No id, marker or BSN the requester may not know and did not itself send. */
        private void expectNoSecrets(int index, Requester requester, Call call, Answer answer) {
            Set<String> known = knowledge.get(requester);
            Set<String> leaked = new TreeSet<>();
            for (String token : world.tokens(answer.body())) {
                Seed seed = world.byToken.get(token);
                if (seed != null && !known.contains(token) && world.secret(requester, seed)) {
                    leaked.add(seed.describe() + " (" + markerKind(seed, token) + ")");
                }
            }
            for (Person person : world.persons) {
                if (answer.body().contains(person.bsn()) && !known.contains(person.bsn())
                        && world.secret(requester, world.patientOf(person))) {
                    leaked.add("BSN of the " + person.situation() + " patient");
                }
            }
            expect(new Violation(index, requester, call, answer.status(), "secret in answer", "reveals " + leaked),
                    () -> assertThat(leaked).as("secrets in the answer to %s as %s", call, requester).isEmpty());
        }

        private static String markerKind(Seed seed, String token) {
            if (token.equals(seed.id())) {
                return "id";
            }
            if (token.equals(seed.searchMarker())) {
                return "identifier";
            }
            return token.equals(seed.textMarker()) ? "text" : "hidden identifier";
        }

        private void expectWithinBound(int index, Requester requester, Call call, Answer answer, OptionalInt bound) {
            if (bound.isEmpty() || answer.status() != 200 || !answer.isFhir()
                    || !(answer.parse() instanceof Bundle bundle)) {
                return;
            }
            expectBundleWithinBound(index, requester, call, answer, bundle, bound.getAsInt(), "");
        }

        private void expectBundleWithinBound(int index, Requester requester, Call call, Answer answer, Bundle bundle,
                int bound, String where) {
            if (bundle.getType() != Bundle.BundleType.SEARCHSET) {
                return;
            }
            int total = bundle.hasTotal() ? bundle.getTotal() : 0;
            long matches = bundle.getEntry().stream()
                    .filter(e -> e.hasResource() && e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH).count();
            expect(new Violation(index, requester, call, answer.status(), "count above what may be seen",
                    where + "total " + total + " where at most " + bound + " may be seen"),
                    () -> assertThat(total).as("total of %s as %s", call, requester).isLessThanOrEqualTo(bound));
            expect(new Violation(index, requester, call, answer.status(), "matches above what may be seen",
                    where + matches + " matches where at most " + bound + " may be seen"),
                    () -> assertThat(matches).as("matches of %s as %s", call, requester).isLessThanOrEqualTo(bound));
        }

        /** The searches inside a batch or transaction, each against its own bound. */
        private void expectWithinBoundPerEntry(int index, Requester requester, Call call, Answer answer) {
            if (!call.method().equals("POST") || !call.path().isEmpty() || answer.status() != 200 || !answer.isFhir()
                    || !(answer.parse() instanceof Bundle response)) {
                return;
            }
            Bundle request = FhirHttp.FHIR.newJsonParser().parseResource(Bundle.class, call.body());
            for (int i = 0; i < Math.min(request.getEntry().size(), response.getEntry().size()); i++) {
                String url = request.getEntry().get(i).getRequest().getUrl();
                Optional<Search> search = searchOf(url, "GET", null, null);
                if (search.isPresent() && response.getEntry().get(i).getResource() instanceof Bundle inner) {
                    OptionalInt bound = bound(requester, search.get());
                    if (bound.isPresent()) {
                        expectBundleWithinBound(index, requester, call, answer, inner, bound.getAsInt(), "entry " + i + ": ");
                    }
                }
            }
        }

        /**
         * The same request with every secret it names replaced by something that never existed (a
         * secret patient by a patient without any data): nothing in the answer may change.
         */
        private Optional<Call> control(Requester requester, Call call) {
            if (call.path().startsWith("http") || call.text().contains("AuditEvent")
                    || call.method().equals("PUT") && !call.path().contains("?")) {
                return Optional.empty();
            }
            Set<Seed> named = world.named(call.text());
            if (named.isEmpty() || named.stream().anyMatch(world.compromised::contains)) {
                return Optional.empty();
            }
            List<Person> blanks = world.persons.stream()
                    .filter(p -> p.situation() == Situation.BLANK && p != requester.self && !named.contains(world.patientOf(p)))
                    .collect(Collectors.toCollection(ArrayList::new));
            Map<Person, Person> standIns = new LinkedHashMap<>();
            Map<String, String> replacements = new HashMap<>();
            for (Seed seed : named) {
                Person person = seed.person();
                if (seed.isPatient()) {
                    if (person.situation() != Situation.BLANK && !standIns.containsKey(person)
                            && world.fullySecret(requester, person)) {
                        if (blanks.isEmpty()) {
                            return Optional.empty();
                        }
                        standIns.put(person, blanks.remove(0));
                    }
                } else if (world.secret(requester, seed)) {
                    seed.tokens().forEach(token -> replacements.put(token, world.missing(token)));
                }
            }
            standIns.forEach((person, blank) -> {
                List<String> from = world.patientOf(person).tokens();
                List<String> to = world.patientOf(blank).tokens();
                for (int i = 0; i < from.size(); i++) {
                    replacements.put(from.get(i), to.get(i));
                }
                replacements.put(person.bsn(), blank.bsn());
            });
            if (replacements.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Call(call.method(), world.replace(call.path(), replacements),
                    call.body() == null ? null : world.replace(call.body(), replacements), call.contentType()));
        }

        private void expectSameAsControl(int index, Requester requester, Call call, Answer answer, Call twin) {
            controls++;
            learn(requester, twin);
            Answer control = send(requester, twin);
            clearUp(requester, control, Set.of());
            String original = shape(answer);
            String expected = shape(control);
            expect(new Violation(index, requester, call, answer.status(), "differs from the answer about nothing",
                    "answer " + original + " but " + expected + " for " + twin),
                    () -> assertThat(original).as("%s as %s, compared with %s", call, requester, twin).isEqualTo(expected));
        }

        /** Takes away what a request created, so that the world stays as seeded. */
        private void clearUp(Requester requester, Answer answer, Set<Seed> touched) {
            if (answer.status() != 201 || answer.location() == null) {
                return;
            }
            String location = answer.location();
            int history = location.indexOf("/_history");
            housekeeping++;
            String created = history < 0 ? location : location.substring(0, history);
            Answer deleted = send(requester, new Call("DELETE", created, null, null));
            if (deleted.status() / 100 != 2) {
                world.compromised.addAll(touched);
            }
        }

        /** A write that succeeded on another holder's record changed the world: those records no longer count. */
        private void verifyUntouched(Requester requester, Set<Seed> touched) {
            for (Seed seed : touched) {
                if (seed.isPatient() || seed.type().equals("Consent")
                        || seed.holder().organizationId.equals(requester.organizationId)) {
                    continue;
                }
                housekeeping++;
                Answer stored = send(requesters.get(seed.holder() == Holder.GP ? "gp-system" : "pharmacy-system"),
                        Call.get(seed.type() + "/" + seed.id()));
                if (stored.status() != 200 || !stored.body().contains("\"versionId\":\"1\"")) {
                    world.compromised.add(seed);
                }
            }
        }

        String summary(double seconds) {
            Map<String, List<Violation>> kinds = new LinkedHashMap<>();
            for (Violation violation : violations) {
                kinds.computeIfAbsent(kindOf(violation), k -> new ArrayList<>()).add(violation);
            }
            StringBuilder out = new StringBuilder(String.format(
                    "Leak search, seed %d: %d requests (%d answered 2xx; and %d controls, %d housekeeping) in %.1f s;"
                            + " %d violations of %d kinds%n",
                    SEED, requests, successes, controls, housekeeping, seconds, violations.size(), kinds.size()));
            kinds.forEach((kind, found) -> out.append(String.format("  %4d x %s%n         e.g. %s%n", found.size(), kind,
                    found.get(0).line())));
            if (!serverErrors.isEmpty()) {
                out.append(String.format("%d answers were server errors, e.g.%n", serverErrors.size()));
                serverErrors.stream().limit(5).forEach(e -> out.append("         ").append(e).append('\n'));
            }
            return out.toString();
        }

        String report(double seconds) {
            StringBuilder out = new StringBuilder(String.format(
                    "%d findings of what a requester may not know (seed %d; -Dleak.seed=%d -Dleak.requests=%d repeats"
                            + " the random search). The first %d:%n",
                    violations.size(), SEED, SEED, REQUESTS, Math.min(REPORTED, violations.size())));
            violations.stream().limit(REPORTED).forEach(v -> out.append("  ").append(v.line()).append('\n'));
            return out.append(summary(seconds)).toString();
        }

        private String kindOf(Violation violation) {
            String what = violation.kind().equals("secret in answer")
                    ? violation.detail().replaceAll(" of [A-Z_]+ (patient )?(at [A-Z]+ )?", " ").replaceAll("\\s+", " ")
                    : violation.kind();
            return violation.signature() + " | " + requestShape(violation.call()) + " | " + what;
        }
    }

    /** The request without its values: method, interaction and parameter names. */
    private String requestShape(Call call) {
        if (call.path().startsWith("http")) {
            return call.method() + " next page";
        }
        if (call.path().isEmpty() && call.body() != null) {
            Bundle bundle = FhirHttp.FHIR.newJsonParser().parseResource(Bundle.class, call.body());
            return bundle.getType().toCode() + bundle.getEntry().stream()
                    .map(e -> e.getRequest().getMethod().toCode() + " " + pathShape(e.getRequest().getUrl())).toList();
        }
        String form = FORM.equals(call.contentType()) ? "?" + queryShape(call.body()) : "";
        return call.method() + " " + pathShape(call.path()) + form;
    }

    private String pathShape(String path) {
        int question = path.indexOf('?');
        String resource = question < 0 ? path : path.substring(0, question);
        String shaped = world.tokens(resource).stream().reduce(resource, (text, token) -> text.replace(token, "{id}"));
        return question < 0 ? shaped : shaped + "?" + queryShape(path.substring(question + 1));
    }

    private static String queryShape(String query) {
        return Arrays.stream(query.split("&")).map(p -> URLDecoder.decode(p.split("=", 2)[0], StandardCharsets.UTF_8))
                .map(name -> name.startsWith("_has:") ? name.replaceAll("^(_has:[A-Za-z]+:[a-z-]+:).*$", "$1...") : name)
                .sorted().distinct().collect(Collectors.joining("&"));
    }

    /** What an answer shows apart from ids, links and times: status, types, totals, issue codes. */
    private static String shape(Answer answer) {
        if (!answer.isFhir()) {
            return answer.status() + " " + (answer.body().isBlank() ? "empty" : "non-FHIR");
        }
        return answer.status() + " " + shapeOf(answer.parse());
    }

    private static String shapeOf(IBaseResource resource) {
        if (resource instanceof Bundle bundle) {
            List<String> entries = bundle.getEntry().stream()
                    .map(e -> (e.hasResource() ? shapeOf(e.getResource()) : "-")
                            + (e.getSearch().hasMode() ? "/" + e.getSearch().getMode().toCode() : "")
                            + (e.hasResponse() ? "/" + e.getResponse().getStatus().split(" ")[0] : ""))
                    .sorted().toList();
            return "Bundle(" + (bundle.hasType() ? bundle.getType().toCode() : "-") + ", total "
                    + (bundle.hasTotal() ? bundle.getTotal() : "-") + ", " + entries + ")";
        }
        if (resource instanceof OperationOutcome outcome) {
            return "OperationOutcome" + outcome.getIssue().stream()
                    .map(i -> (i.hasSeverity() ? i.getSeverity().toCode() : "-") + ":"
                            + (i.hasCode() ? i.getCode().toCode() : "-"))
                    .sorted().toList();
        }
        if (resource instanceof Composition composition) {
            return "Composition" + composition.getSection().stream()
                    .map(s -> s.getCode().getCodingFirstRep().getCode() + ":" + s.getEntry().size()).sorted().toList();
        }
        if (resource instanceof Parameters parameters) {
            return "Parameters" + parameters.getParameter().stream()
                    .map(p -> p.getName() + (p.hasResource() ? "=" + shapeOf(p.getResource()) : "")).sorted().toList();
        }
        return resource.fhirType();
    }

    // ------------------------------------------------------------------ the counting oracle

    private record Search(String type, List<String[]> parameters) {
    }

    private static Optional<Search> searchOf(String path, String method, String body, String contentType) {
        if (path.startsWith("http")) {
            return Optional.empty();
        }
        int question = path.indexOf('?');
        String resource = question < 0 ? path : path.substring(0, question);
        String query;
        if (method.equals("GET") && resource.matches("[A-Z][A-Za-z]+")) {
            query = question < 0 ? "" : path.substring(question + 1);
        } else if (method.equals("POST") && resource.matches("[A-Z][A-Za-z]+/_search") && FORM.equals(contentType)) {
            query = body;
        } else {
            return Optional.empty();
        }
        List<String[]> parameters = new ArrayList<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                String[] nameAndValue = pair.split("=", 2);
                parameters.add(new String[] {URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
                        nameAndValue.length < 2 ? "" : URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8)});
            }
        }
        return Optional.of(new Search(resource.replace("/_search", ""), parameters));
    }

    /**
     * At most how many resources of the searched type the requester may find, when one of the search's
     * criteria names seeded things: what those things are or lead to, less what is secret. A {@code _has}
     * criterion that leads only to secrets allows nothing at all.
     */
    private OptionalInt bound(Requester requester, Search search) {
        if (search.type().equals("AuditEvent")) {
            return OptionalInt.empty();
        }
        Set<Seed> namedPatients = new LinkedHashSet<>();
        for (String[] parameter : search.parameters()) {
            if (!parameter[0].startsWith("_has:")) {
                world.named(parameter[1]).stream().filter(Seed::isPatient).forEach(namedPatients::add);
            }
        }
        int best = Integer.MAX_VALUE;
        for (String[] parameter : search.parameters()) {
            String name = parameter[0];
            if (SHAPING.contains(name) || NEGATING.stream().anyMatch(name::contains)) {
                continue;
            }
            Set<Seed> named = world.named(parameter[1]);
            if (name.startsWith("_has:")) {
                Set<Seed> evidence = world.expand(named.isEmpty() ? namedPatients : named, name.split(":")[1]);
                if ((!named.isEmpty() || !namedPatients.isEmpty())
                        && evidence.stream().allMatch(s -> !world.compromised.contains(s) && world.secret(requester, s))) {
                    best = 0;
                }
            } else if (!named.isEmpty()) {
                Set<Seed> evidence = world.expand(named, search.type());
                if (evidence.stream().noneMatch(world.compromised::contains)) {
                    int visible = (int) evidence.stream()
                            .filter(s -> s.type().equals(search.type()) && !world.secret(requester, s)).count();
                    best = Math.min(best, visible);
                }
            }
        }
        return best == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(best);
    }

    // ------------------------------------------------------------------ generating requests

    /** Random requests of every shape the FHIR API offers, aimed mostly at what the requester may not see. */
    private final class Generator {

        private final Random random;
        private int fresh;

        Generator(long seed) {
            this.random = new Random(seed);
        }

        boolean chance(int percent) {
            return random.nextInt(100) < percent;
        }

        @SafeVarargs
        private <T> T pick(T... options) {
            return options[random.nextInt(options.length)];
        }

        private <T> T pick(List<T> options) {
            return options.get(random.nextInt(options.size()));
        }

        Requester requester() {
            int roll = random.nextInt(100);
            if (roll < 20) {
                return requesterNamed("hap");
            } else if (roll < 26) {
                return requesterNamed("hap-emergency");
            } else if (roll < 42) {
                return requesterNamed("pharmacist");
            } else if (roll < 56) {
                return requesterNamed("gp-system");
            } else if (roll < 70) {
                return requesterNamed("pharmacy-system");
            } else if (roll < 94) {
                return pick(requesters.values().stream().filter(r -> r.kind == Kind.PATIENT).toList());
            }
            return requesterNamed("operator");
        }

        Call next(Requester requester) {
            int roll = random.nextInt(100);
            if (roll < 36) {
                return Call.get(searchPath(requester));
            } else if (roll < 40) {
                String path = searchPath(requester);
                int question = path.indexOf('?');
                return new Call("POST", path.substring(0, question) + "/_search", path.substring(question + 1), FORM);
            } else if (roll < 48) {
                return Call.get(readPath(requester));
            } else if (roll < 52) {
                return Call.get(vreadPath(requester));
            } else if (roll < 57) {
                return Call.get(historyPath(requester));
            } else if (roll < 61) {
                return Call.get(everythingPath(requester));
            } else if (roll < 64) {
                return validateDelete(requester);
            } else if (roll < 67) {
                return Call.get(lookupPath(requester));
            } else if (roll < 76) {
                return bundle(requester);
            } else if (roll < 79) {
                return conditional(requester, "DELETE");
            } else if (roll < 82) {
                return conditional(requester, "PATCH");
            } else if (roll < 85) {
                return conditional(requester, "PUT");
            } else if (roll < 91) {
                Seed target = target(requester, notOwn(requester));
                return new Call("PATCH", target.type() + "/" + target.id(), jsonPatch(target.type()), JSON_PATCH);
            } else if (roll < 94) {
                Seed target = target(requester, notOwn(requester));
                return new Call("DELETE", target.type() + "/" + target.id(), null, null);
            }
            return createReferencing(requester);
        }

        // -------------------------------------------------------------- what to aim at

        /** A seeded record (not a Patient), three times out of four one the requester may not see. */
        Seed target(Requester requester, Predicate<Seed> filter) {
            List<Seed> candidates = world.seeds.stream().filter(s -> !s.isPatient()).filter(filter).toList();
            List<Seed> secrets = candidates.stream().filter(s -> world.secret(requester, s)).toList();
            return pick(!secrets.isEmpty() && chance(75) ? secrets : candidates);
        }

        Seed target(Requester requester, String type) {
            return target(requester, s -> s.type().equals(type));
        }

        Predicate<Seed> notOwn(Requester requester) {
            return s -> CLINICAL.contains(s.type()) && !s.holder().organizationId.equals(requester.organizationId);
        }

        /** A patient, three times out of four one with something the requester may not see. */
        Person person(Requester requester) {
            List<Person> candidates = world.persons.stream().filter(p -> p.situation() != Situation.SINK).toList();
            List<Person> secrets = candidates.stream()
                    .filter(p -> world.seedsOf(p).stream().anyMatch(s -> world.secret(requester, s))).toList();
            return pick(!secrets.isEmpty() && chance(75) ? secrets : candidates);
        }

        /** A patient whose GP record may be shared: its id posing as a version. */
        Person sharing() {
            return pick(world.person(Situation.GP_ONLY), world.person(Situation.BOTH));
        }

        Seed seedOf(Person person, String type) {
            return world.seedsOf(person).stream().filter(s -> s.type().equals(type)).findFirst()
                    .orElse(world.patientOf(person));
        }

        // -------------------------------------------------------------- searches

        String searchPath(Requester requester) {
            String type = pick("Encounter", "Encounter", "Encounter", "Observation", "Observation", "Observation",
                    "Condition", "Condition", "MedicationStatement", "MedicationStatement", "MedicationStatement",
                    "AllergyIntolerance", "AllergyIntolerance", "MedicationDispense", "MedicationDispense",
                    "Consent", "Consent", "Patient", "Patient", "Patient", "Organization", "Medication",
                    "PractitionerRole", "AuditEvent", "EpisodeOfCare", "MedicationRequest", "Composition");
            List<String> parts = new ArrayList<>();
            int atoms = chance(70) ? 1 : 2;
            for (int i = 0; i < atoms; i++) {
                parts.add(atom(requester, type));
            }
            for (int i = random.nextInt(3); i > 0; i--) {
                filter(type).ifPresent(parts::add);
            }
            for (int i = random.nextInt(4); i > 0; i--) {
                parts.add(shaping(type));
            }
            return type + "?" + String.join("&", parts);
        }

        String atom(Requester requester, String type) {
            return switch (type) {
                case "Patient" -> patientAtom(requester);
                case "Organization" -> has(requester, pick("Encounter:service-provider", "Observation:performer",
                        "Consent:organization", "MedicationStatement:source", "MedicationDispense:performer"));
                case "Medication" -> has(requester, pick("MedicationStatement:medication", "MedicationDispense:medication"));
                case "PractitionerRole" -> has(requester, pick("Condition:asserter", "AllergyIntolerance:asserter"));
                case "AuditEvent" -> chance(60) ? param("patient", "Patient/" + person(requester).id())
                        : param("entity", reference(target(requester, s -> true)));
                case "Consent" -> chance(60) ? patientAtom(requester, type) : recordAtom(requester, type);
                default -> clinicalAtom(requester, type);
            };
        }

        String clinicalAtom(Requester requester, String type) {
            int roll = random.nextInt(100);
            if (roll < 50 || !CLINICAL.contains(type)) {
                return patientAtom(requester, type);
            } else if (roll < 72) {
                return recordAtom(requester, type);
            } else if (roll < 84) {
                return textAtom(requester, type);
            } else if (roll < 94) {
                return chainAtom(requester, type);
            }
            return type.equals("Encounter") ? has(requester, pick("Observation:encounter", "Condition:encounter"))
                    : patientAtom(requester, type);
        }

        /** The patient named by reference, by BSN, or through a chain, with the odd modifier. */
        String patientAtom(Requester requester, String type) {
            Person person = person(requester);
            List<String> names = switch (type) {
                case "AllergyIntolerance", "Consent", "EpisodeOfCare" -> List.of("patient");
                default -> List.of("patient", "subject", "subject:Patient");
            };
            String name = pick(names);
            int roll = random.nextInt(100);
            if (roll < 40) {
                String value = switch (random.nextInt(6)) {
                    case 0 -> person.id();
                    case 1 -> "Patient/" + person.id() + "/_history/" + pick("1", "2", sharing().id());
                    case 2 -> base + "/fhir/Patient/" + person.id();
                    case 3 -> "Patient/" + person.id() + ",Patient/" + person(requester).id();
                    default -> "Patient/" + person.id();
                };
                if (chance(8)) {
                    return param(name + ":missing", pick("true", "false"));
                }
                if (chance(6)) {
                    return param(name + ":not", value);
                }
                return param(name, value);
            } else if (roll < 80) {
                String chain = pick(name.replace(":Patient", "") + ".identifier", name.replace(":Patient", "") + ":identifier",
                        name.contains(":") ? name + ".identifier" : name + ":Patient.identifier");
                return param(chain, pick(BSN + "|" + person.bsn(), person.bsn(), "|" + person.bsn(),
                        MARKERS + "|" + world.patientOf(person).searchMarker()));
            }
            String reference = name.replace(":Patient", "");
            return pick(param(reference + ".name", world.patientOf(person).textMarker()),
                    param(reference + ".family:exact", world.patientOf(person).textMarker()),
                    param(reference + ".name:contains", world.patientOf(person).textMarker()),
                    param(reference + "._id", person.id()),
                    param(reference + ".identifier:not", BSN + "|" + person.bsn()));
        }

        String patientAtom(Requester requester) {
            Person person = person(requester);
            Seed patient = world.patientOf(person);
            return switch (random.nextInt(9)) {
                case 0, 1 -> param("_id", person.id());
                case 2 -> param("identifier", BSN + "|" + person.bsn());
                case 3 -> param("identifier", MARKERS + "|" + patient.searchMarker());
                case 4 -> param(pick("name", "family", "name:exact", "name:contains"), patient.textMarker());
                default -> has(requester, pick("Encounter:subject", "Observation:subject", "Condition:subject",
                        "MedicationStatement:subject", "AllergyIntolerance:patient", "MedicationDispense:subject",
                        "Consent:patient"));
            };
        }

        /** A record named by id or identifier. */
        String recordAtom(Requester requester, String type) {
            Seed target = chance(80) ? target(requester, type) : target(requester, s -> true);
            return switch (random.nextInt(7)) {
                case 0, 1 -> param("_id", target.id());
                case 2 -> param("_id", target.id() + "," + target(requester, type).id());
                case 3, 4 -> param("identifier", MARKERS + "|" + target.searchMarker());
                case 5 -> param("identifier", target.searchMarker());
                default -> param(pick("identifier:not", "_id:not"), target.searchMarker());
            };
        }

        /** A record named by its text. */
        String textAtom(Requester requester, String type) {
            Seed target = target(requester, type);
            return switch (type) {
                case "Encounter" -> param(pick("type:text", "reason-code:text"), target.textMarker());
                case "Observation" -> target.kind().equals("obs")
                        ? param(pick("value-string", "value-string:exact", "value-string:contains"), target.textMarker())
                        : param("code:text", target.textMarker());
                case "Condition", "AllergyIntolerance" -> param("code:text", target.textMarker());
                default -> recordAtom(requester, type);
            };
        }

        /** A chain or reference into another clinical record. */
        String chainAtom(Requester requester, String type) {
            if (!type.equals("Observation") && !type.equals("Condition")) {
                return recordAtom(requester, type);
            }
            Seed encounter = target(requester, "Encounter");
            return switch (random.nextInt(5)) {
                case 0 -> param("encounter", "Encounter/" + encounter.id());
                case 1 -> param("encounter.identifier", MARKERS + "|" + encounter.searchMarker());
                case 2 -> param("encounter.type:text", encounter.textMarker());
                case 3 -> param("encounter._id", encounter.id());
                default -> param("encounter.status", "finished");
            };
        }

        /** A reverse chain: a resource found by what refers to it. */
        String has(Requester requester, String link) {
            String[] typeAndReference = link.split(":");
            String inner = typeAndReference[0];
            String prefix = "_has:" + inner + ":" + typeAndReference[1] + ":";
            if (inner.equals("Consent") || chance(30)) {
                return param(prefix + "patient", "Patient/" + person(requester).id());
            }
            Seed target = target(requester, inner);
            return switch (random.nextInt(5)) {
                case 0 -> param(prefix + "identifier", MARKERS + "|" + target.searchMarker());
                case 1 -> param(prefix + "_id", target.id());
                case 2 -> param(prefix + "patient.identifier", BSN + "|" + target.person().bsn());
                case 3 -> param(prefix + "status", pick("finished", "active", "final", "completed"));
                default -> param(prefix + "code:text", target.textMarker());
            };
        }

        Optional<String> filter(String type) {
            List<String> filters = switch (type) {
                case "Encounter" -> List.of("status=finished", "status:not=finished", "date=ge" + TODAY.minusMonths(2),
                        "date=lt" + TODAY.minusYears(1), "class=AMB", "service-provider=Organization/gp-de-linde");
                case "Observation" -> List.of("code=http://loinc.org|4548-4", "code=http://loinc.org|67781-5",
                        "date=ge" + TODAY.minusMonths(2), "value-quantity=gt40",
                        "value-quantity=lt100|http://unitsofmeasure.org|mmol/mol",
                        "status=final", "category=laboratory", "performer=Organization/gp-de-linde");
                case "Condition" -> List.of("code=http://hl7.org/fhir/sid/icpc-1-nl|K86", "clinical-status=active",
                        "category=problem-list-item", "onset-date=le" + TODAY, "asserter=PractitionerRole/gp-jansen-role");
                case "MedicationStatement" -> List.of("status=active", "category=http://snomed.info/sct|422979000",
                        "medication=Medication/metoprolol", "medication.code=urn:oid:2.16.840.1.113883.2.4.4.10|1813",
                        "effective=ge" + TODAY.minusYears(3), "source=Organization/pharmacy-de-brug");
                case "AllergyIntolerance" -> List.of("clinical-status=active", "code=http://snomed.info/sct|764146007",
                        "date=le" + TODAY, "asserter=PractitionerRole/pharmacist-de-wit-role");
                case "MedicationDispense" -> List.of("status=completed", "medication=Medication/metoprolol",
                        "whenhandedover=ge" + TODAY.minusMonths(2), "performer=Organization/pharmacy-de-brug");
                case "Consent" -> List.of("status=active", "status=inactive", "status=proposed",
                        "organization=Organization/gp-de-linde", "actor=Organization/pharmacy-de-brug", "purpose=TREAT",
                        "scope=patient-privacy", "date=ge" + TODAY.minusDays(2));
                case "Patient" -> List.of("gender=unknown", "birthdate:missing=true", "general-practitioner:missing=false");
                default -> List.of();
            };
            List<String> all = new ArrayList<>(filters);
            if (CLINICAL.contains(type)) {
                all.addAll(List.of("holder=Organization/gp-de-linde", "holder=Organization/pharmacy-de-brug",
                        "holder=Organization/pharmacy-centrum", "holder=Organization/hap-rivierenland",
                        "holder.identifier=" + URA + "|90000101", "holder:missing=true", "_lastUpdated=ge" + TODAY.minusDays(1)));
            }
            if (all.isEmpty()) {
                return Optional.empty();
            }
            String[] nameAndValue = pick(all).split("=", 2);
            return Optional.of(param(nameAndValue[0], nameAndValue[1]));
        }

        String shaping(String type) {
            return switch (random.nextInt(10)) {
                case 0 -> "_summary=" + pick("count", "count", "true", "data", "text", "false");
                case 1 -> "_elements=" + enc(pick("id", "status", "subject,identifier", "note", "text", "code,valueString",
                        "patient"));
                case 2 -> "_count=" + pick("0", "1", "1", "2", "5", "50");
                case 3 -> "_total=" + pick("accurate", "none", "estimate");
                case 4 -> "_sort=" + pick("_lastUpdated", "-_lastUpdated", "_id", "date");
                case 5, 6 -> "_include=" + enc(pick(type + ":patient", type + ":subject", "*", type + ":*",
                        "Observation:encounter", "MedicationStatement:medication", "MedicationDispense:medication",
                        "Encounter:service-provider", "Condition:asserter", "Consent:organization", "Consent:actor",
                        "Patient:general-practitioner", "AllergyIntolerance:asserter", "MedicationStatement:source"));
                case 7 -> "_include:iterate=" + enc(pick("Observation:encounter", "Encounter:subject",
                        "Encounter:service-provider", "Patient:general-practitioner", "Condition:encounter", "*"));
                case 8 -> "_revinclude=" + enc(pick("Observation:encounter", "Observation:subject", "Encounter:subject",
                        "Encounter:patient", "Condition:subject", "MedicationStatement:subject", "MedicationStatement:medication",
                        "MedicationDispense:subject", "AllergyIntolerance:patient", "Consent:patient", "Consent:organization",
                        "Encounter:service-provider", "*"));
                default -> pick("_revinclude:iterate=" + enc(pick("Observation:encounter", "Condition:encounter", "*")),
                        "_format=xml", "_pretty=true");
            };
        }

        // -------------------------------------------------------------- reads, histories, operations

        String readPath(Requester requester) {
            if (chance(20)) {
                return "Patient/" + person(requester).id();
            }
            Seed target = target(requester, s -> true);
            return target.type() + "/" + target.id() + (chance(10) ? "?_summary=" + pick("true", "data", "text") : "");
        }

        String vreadPath(Requester requester) {
            Seed target = chance(15) ? world.patientOf(person(requester)) : target(requester, s -> true);
            return target.type() + "/" + target.id() + "/_history/" + pick("1", "1", "2", "3");
        }

        String historyPath(Requester requester) {
            int roll = random.nextInt(100);
            if (roll < 60) {
                Seed target = target(requester, s -> true);
                return target.type() + "/" + target.id() + "/_history"
                        + pick("", "", "?_count=1", "?_since=" + TODAY.minusDays(1));
            } else if (roll < 75) {
                return "Patient/" + person(requester).id() + "/_history";
            } else if (roll < 90) {
                return "_history?" + pick("_count=50", "_since=" + TODAY.minusDays(1) + "&_count=100", "_type=" + pick(CLINICAL));
            }
            return pick(CLINICAL) + "/_history?_count=20";
        }

        String everythingPath(Requester requester) {
            int roll = random.nextInt(100);
            String parameters = pick("", "?_count=200", "?_count=1", "?_type=" + enc(pick(CLINICAL) + "," + pick(CLINICAL)),
                    "?_since=" + TODAY.minusDays(1), "?_elements=id");
            if (roll < 80) {
                return "Patient/" + person(requester).id() + "/$everything" + parameters;
            } else if (roll < 95) {
                return "Encounter/" + target(requester, "Encounter").id() + "/$everything" + parameters;
            }
            return "Patient/$everything?_count=5";
        }

        Call validateDelete(Requester requester) {
            Seed target = chance(20) ? world.patientOf(person(requester)) : target(requester, s -> true);
            return new Call("POST", target.type() + "/" + target.id() + "/$validate?mode=delete",
                    "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"mode\",\"valueCode\":\"delete\"}]}",
                    FhirHttp.FHIR_JSON);
        }

        String lookupPath(Requester requester) {
            Person person = person(requester);
            return switch (random.nextInt(3)) {
                case 0 -> "Patient/$locate?identifier=" + enc(BSN + "|" + person.bsn());
                case 1 -> "Patient/$summary?identifier=" + enc(BSN + "|" + person.bsn());
                default -> "Patient/" + person.id() + "/$summary";
            };
        }

        Call bundle(Requester requester) {
            List<String> urls = new ArrayList<>();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                urls.add(switch (random.nextInt(6)) {
                    case 0, 1, 2 -> searchPath(requester);
                    case 3 -> readPath(requester);
                    case 4 -> vreadPath(requester);
                    default -> historyPath(requester);
                });
            }
            return bundleOf(pick("batch", "transaction"), urls);
        }

        // -------------------------------------------------------------- writes

        /** A conditional write whose criteria name another holder's record. */
        Call conditional(Requester requester, String method) {
            Seed target = target(requester, notOwn(requester));
            List<String> criteria = new ArrayList<>();
            criteria.add(chance(70) ? param("identifier", MARKERS + "|" + target.searchMarker()) : param("_id", target.id()));
            if (chance(50)) {
                criteria.add(param(target.type().equals("AllergyIntolerance") ? "patient" : pick("patient", "subject"),
                        "Patient/" + target.person().id()));
            }
            if (chance(30)) {
                filter(target.type()).ifPresent(criteria::add);
            }
            String path = target.type() + "?" + String.join("&", criteria);
            return switch (method) {
                case "DELETE" -> new Call("DELETE", path, null, null);
                case "PATCH" -> new Call("PATCH", path, jsonPatch(target.type()), JSON_PATCH);
                default -> new Call("PUT", path, template(target.type()), FhirHttp.FHIR_JSON);
            };
        }

        /** A new observation of the SINK patient that refers to another holder's record. */
        Call createReferencing(Requester requester) {
            Seed target = target(requester, notOwn(requester));
            String encounter = target.type().equals("Encounter") && chance(50)
                    ? ",\"encounter\":{\"reference\":\"Encounter/" + target.id() + "\"}" : "";
            String body = "{\"resourceType\":\"Observation\",\"status\":\"final\","
                    + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"67781-5\"}]},"
                    + "\"subject\":{\"reference\":\"Patient/" + world.person(Situation.SINK).id() + "\"},"
                    + "\"focus\":[{\"reference\":\"" + target.type() + "/" + target.id() + "\"}]" + encounter + ","
                    + "\"effectiveDateTime\":\"" + TODAY.minusDays(1) + "\",\"valueString\":\"" + freshMarker() + "\"}";
            return new Call("POST", "Observation", body, FhirHttp.FHIR_JSON);
        }

        /** JSON Patch operations, among them copying text into fields of another type. */
        String jsonPatch(String type) {
            List<String> texts = new ArrayList<>(List.of("/identifier/0/value", "/identifier/1/value", "/id",
                    "/subject/reference", "/extension/0/valueReference/reference", "/meta/versionId"));
            switch (type) {
                case "Encounter" -> texts.add("/type/0/text");
                case "Observation" -> texts.addAll(List.of("/valueString", "/code/text"));
                case "Condition", "AllergyIntolerance" -> texts.add("/code/text");
                default -> texts.add("/note/0/text");
            }
            List<String> operations = new ArrayList<>();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                operations.add(switch (random.nextInt(7)) {
                    case 0, 1, 2 -> "{\"op\":\"copy\",\"from\":\"" + pick(texts) + "\",\"path\":\"" + pick("/status",
                            "/meta/versionId", "/id", "/language", "/subject", "/period/start", "/effectiveDateTime",
                            "/valueQuantity/value", "/clinicalStatus", "/extension/0/url", "/implicitRules",
                            "/identifier/0/period/start") + "\"}";
                    case 3 -> "{\"op\":\"test\",\"path\":\"/status\",\"value\":\""
                            + pick("finished", "final", "active", "completed") + "\"}";
                    case 4 -> "{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"" + pick("finished", "final", "active",
                            "completed", "entered-in-error") + "\"}";
                    case 5 -> "{\"op\":\"add\",\"path\":\"/identifier/-\",\"value\":{\"system\":\"" + MARKERS
                            + "\",\"value\":\"" + freshMarker() + "\"}}";
                    default -> pick("{\"op\":\"remove\",\"path\":\"/extension\"}",
                            "{\"op\":\"move\",\"from\":\"/identifier/1\",\"path\":\"/identifier/0\"}");
                });
            }
            return "[" + String.join(",", operations) + "]";
        }

        /** A valid record of the type about the SINK patient, for a conditional update. */
        String template(String type) {
            String identifier = "\"identifier\":[{\"system\":\"" + MARKERS + "\",\"value\":\"" + freshMarker() + "\"}],";
            String subject = "{\"reference\":\"Patient/" + world.person(Situation.SINK).id() + "\"}";
            String day = TODAY.minusDays(10).toString();
            return switch (type) {
                case "Encounter" -> "{\"resourceType\":\"Encounter\"," + identifier + "\"status\":\"finished\","
                        + "\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"AMB\"},"
                        + "\"subject\":" + subject + ",\"period\":{\"start\":\"" + day + "\"}}";
                case "Observation" -> "{\"resourceType\":\"Observation\"," + identifier + "\"status\":\"final\","
                        + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"67781-5\"}]},"
                        + "\"subject\":" + subject + ",\"effectiveDateTime\":\"" + day + "\",\"valueString\":\"written\"}";
                case "Condition" -> "{\"resourceType\":\"Condition\"," + identifier
                        + "\"clinicalStatus\":{\"coding\":[{\"system\":"
                        + "\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
                        + "\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icpc-1-nl\",\"code\":\"K86\"}]},"
                        + "\"subject\":" + subject + "}";
                case "MedicationStatement" -> "{\"resourceType\":\"MedicationStatement\"," + identifier + "\"status\":\"active\","
                        + "\"category\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"422979000\"}]},"
                        + "\"medicationReference\":{\"reference\":\"Medication/metoprolol\"},\"subject\":" + subject
                        + ",\"effectivePeriod\":{\"start\":\"" + day + "\"}}";
                case "AllergyIntolerance" -> "{\"resourceType\":\"AllergyIntolerance\"," + identifier
                        + "\"clinicalStatus\":{\"coding\":[{\"system\":"
                        + "\"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical\",\"code\":\"active\"}]},"
                        + "\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"764146007\"}]},"
                        + "\"patient\":" + subject + "}";
                default -> "{\"resourceType\":\"MedicationDispense\"," + identifier + "\"status\":\"completed\","
                        + "\"medicationReference\":{\"reference\":\"Medication/metoprolol\"},\"subject\":" + subject
                        + ",\"whenHandedOver\":\"" + day + "\"}";
            };
        }

        private String freshMarker() {
            return world.tag + "-w" + fresh++;
        }

        private String reference(Seed seed) {
            return seed.type() + "/" + seed.id();
        }

        private String param(String name, String value) {
            return name + "=" + enc(value);
        }
    }

    /** A batch or transaction of GETs. */
    private static Call bundleOf(String type, List<String> urls) {
        String entries = urls.stream()
                .map(url -> "{\"request\":{\"method\":\"GET\",\"url\":\"" + url.replace("\"", "\\\"") + "\"}}")
                .collect(Collectors.joining(","));
        return new Call("POST", "", "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[" + entries + "]}",
                FhirHttp.FHIR_JSON);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
