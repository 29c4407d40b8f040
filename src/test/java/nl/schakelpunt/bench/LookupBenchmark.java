package nl.schakelpunt.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import ca.uhn.fhir.context.FhirContext;

/**
 * Enforcement overhead of a consent-gated look-up: loads a population (operator registers the
 * holders; each holder pushes its patients, records and permissions in transaction bundles), then
 * times the medication query of the qualification tests for permitted patients, asked by a treating
 * professional of another organisation (enforced) and by the holder itself (nothing to narrow away).
 *
 * <p>Arguments: base URL, issuer, PKCS#8 DER private key file, patients, measured requests.
 * Deterministic from a fixed seed.
 */
public final class LookupBenchmark {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn";
    private static final String ORG_TYPE = "http://nictiz.nl/fhir/NamingSystem/organization-type";
    private static final String HOLDER = "https://schakelpunt.nl/fhir/StructureDefinition/holder";
    private static final int PHARMACIES = 40;
    private static final int GPS = 40;
    private static final int PER_BUNDLE = 25;

    private final String base;
    private final String issuer;
    private final RSAPrivateKey key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Random random = new Random(20261122L);
    /** False to generate the same population without sending it (it is in the database already). */
    private boolean write = true;

    private LookupBenchmark(String base, String issuer, RSAPrivateKey key) {
        this.base = base;
        this.issuer = issuer;
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        byte[] der = Files.readAllBytes(Path.of(args[2]));
        RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        LookupBenchmark bench = new LookupBenchmark(args[0], args[1], key);
        int patients = Integer.parseInt(args[3]);
        int requests = Integer.parseInt(args[4]);
        bench.write = args.length < 6 || !"reuse".equals(args[5]);
        List<String[]> permitted = bench.load(patients);
        if ("summary".equals(System.getenv("BENCH_MODE"))) {
            bench.measureSummary(permitted, requests);
        } else {
            bench.measure(permitted, requests);
        }
    }

    // ------------------------------------------------------------------ population

    /** Loads the population; answers the (BSN, pharmacy URA) pairs whose pharmacy permission is active. */
    private List<String[]> load(int patients) throws Exception {
        String operator = token(Map.of("requester_type", "operator", "scope", "system/*.cruds"));
        Bundle directory = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < PHARMACIES + GPS + 1; i++) {
            String type = i < PHARMACIES ? "J8" : i < PHARMACIES + GPS ? "Z3" : "N6";
            Organization org = new Organization().setName("Bench " + type + " " + i).setActive(true);
            org.setId("bench-" + i);
            org.addIdentifier().setSystem("http://fhir.nl/fhir/NamingSystem/ura").setValue(ura(i));
            org.addType().addCoding(new Coding(ORG_TYPE, type, null));
            put(directory, org);
        }
        if (write) {
            post(operator, directory);
        }

        List<String[]> permitted = new ArrayList<>();
        Instant started = Instant.now();
        int resources = 0;
        List<Integer> order = new ArrayList<>();
        for (int p = 0; p < patients; p++) {
            order.add(p);
        }
        for (int holder = 0; holder < PHARMACIES + GPS; holder++) {
            boolean pharmacy = holder < PHARMACIES;
            String token = token(Map.of("requester_type", "organization", "organization_ura", ura(holder),
                    "organization_type", pharmacy ? "J8" : "Z3", "scope", "system/*.cruds"));
            Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            int inBundle = 0;
            for (int p : order) {
                // Each patient has one pharmacy and one GP practice, and a second pharmacy now and then.
                boolean mine = pharmacy ? (p % PHARMACIES == holder || (p % 7 == 0 && (p / 7) % PHARMACIES == holder))
                        : p % GPS == holder - PHARMACIES;
                if (!mine) {
                    continue;
                }
                String bsn = bsn(p);
                String patientUrl = "urn:uuid:" + UUID.randomUUID();
                Patient patient = new Patient();
                patient.addIdentifier().setSystem(BSN).setValue(bsn);
                patient.addName().setFamily("Bench").addGiven("P" + p);
                bundle.addEntry().setFullUrl(patientUrl).setResource(patient).getRequest()
                        .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient")
                        .setIfNoneExist("identifier=" + BSN + "|" + bsn);
                resources += 1 + (pharmacy ? medication(bundle, patientUrl) : gpRecord(bundle, patientUrl));
                int roll = random.nextInt(100);
                if (roll < 40) {
                    permission(bundle, patientUrl, "bench-" + holder, Consent.ConsentProvisionType.PERMIT);
                    resources++;
                    if (pharmacy) {
                        permitted.add(new String[] {bsn, ura(holder), "bench-" + holder});
                    }
                } else if (roll < 45) {
                    permission(bundle, patientUrl, "bench-" + holder, Consent.ConsentProvisionType.DENY);
                    resources++;
                }
                if (++inBundle == PER_BUNDLE) {
                    if (write) {
                        post(token, bundle);
                    }
                    bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
                    inBundle = 0;
                }
            }
            if (inBundle > 0 && write) {
                post(token, bundle);
            }
            double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            System.out.printf("load: holder %d/%d, %d resources, %.0f resources/s%n",
                    holder + 1, PHARMACIES + GPS, resources, resources / seconds);
        }
        System.out.printf("load: %d patients, %d resources in %.0f s%n", patients, resources,
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return permitted;
    }

    private int medication(Bundle bundle, String patient) {
        LocalDate today = LocalDate.now();
        int count = 0;
        for (int i = 0; i < 3; i++) {
            LocalDate start = today.minusDays(random.nextInt(730));
            MedicationStatement use = new MedicationStatement()
                    .setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE)
                    .setCategory(new CodeableConcept(new Coding("http://snomed.info/sct", "422979000", null)))
                    .setMedication(new CodeableConcept(new Coding("urn:oid:2.16.840.1.113883.2.4.4.10",
                            String.valueOf(1000 + random.nextInt(500)), null)))
                    .setSubject(new Reference(patient))
                    .setEffective(new Period().setStart(date(start))
                            .setEnd(random.nextBoolean() ? null : date(start.plusDays(30 + random.nextInt(200)))));
            post(bundle, use);
            count++;
        }
        AllergyIntolerance allergy = new AllergyIntolerance()
                .setClinicalStatus(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", null)))
                .setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "764146007", null)))
                .setPatient(new Reference(patient));
        post(bundle, allergy);
        return count + 1;
    }

    private int gpRecord(Bundle bundle, String patient) {
        LocalDate today = LocalDate.now();
        for (int i = 0; i < 3; i++) {
            Date day = date(today.minusDays(random.nextInt(730)));
            post(bundle, new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
                    .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null))
                    .setSubject(new Reference(patient)).setPeriod(new Period().setStart(day).setEnd(day)));
        }
        post(bundle, new Condition()
                .setClinicalStatus(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/condition-clinical", random.nextBoolean() ? "active" : "resolved", null)))
                .addCategory(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", null)))
                .setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icpc-1-nl", "K86", null)))
                .setSubject(new Reference(patient)));
        return 4;
    }

    private void permission(Bundle bundle, String patient, String holderId, Consent.ConsentProvisionType type) {
        Consent consent = new Consent().setStatus(Consent.ConsentState.ACTIVE)
                .setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)))
                .addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", null)))
                .setPatient(new Reference(patient))
                .setDateTimeElement(new DateTimeType(date(LocalDate.now().minusDays(400))))
                .setPolicyRule(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", null)));
        consent.addExtension("https://schakelpunt.nl/fhir/StructureDefinition/permission-channel",
                new Coding("https://schakelpunt.nl/fhir/CodeSystem/permission-channel", "verbal", null));
        Consent.ProvisionComponent provision = consent.getProvision().setType(type);
        provision.setPeriod(new Period().setStart(date(LocalDate.now().minusDays(400))));
        provision.addActor().setRole(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "CST", null)))
                .setReference(new Reference("Organization/" + holderId));
        provision.addPurpose(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "TREAT", null));
        provision.addPurpose(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "ETREAT", null));
        post(bundle, consent);
    }

    // ------------------------------------------------------------------ measurement

    private void measure(List<String[]> permitted, int requests) throws Exception {
        String professional = token(Map.of("requester_type", "professional", "organization_ura", ura(PHARMACIES + GPS),
                "organization_type", "N6", "uzi_number", "900009999", "uzi_role", "01.015",
                "purpose_of_use", "TREAT", "scope", "user/*.rs"));
        long[] enforced = new long[requests];
        long[] holder = new long[requests];
        int warmUp = Math.min(500, requests);
        int returnedEnforced = 0;
        int returnedHolder = 0;
        for (int i = -warmUp; i < requests; i++) {
            String[] pick = permitted.get(Math.floorMod(i * 7919, permitted.size()));
            String query = base + "/MedicationStatement?patient.identifier=" + BSN + "%7C" + pick[0]
                    + "&category=http://snomed.info/sct%7C422979000&_include=MedicationStatement:medication";
            String holderToken = holderToken(pick[1]);
            long t0 = System.nanoTime();
            String a = get(professional, query);
            long t1 = System.nanoTime();
            String b = get(holderToken, query);
            long t2 = System.nanoTime();
            if (i >= 0) {
                enforced[i] = t1 - t0;
                holder[i] = t2 - t1;
                returnedEnforced += entries(a);
                returnedHolder += entries(b);
            }
        }
        Arrays.sort(enforced);
        Arrays.sort(holder);
        double me = enforced[requests / 2] / 1e6;
        double mh = holder[requests / 2] / 1e6;
        double pe = enforced[(int) Math.ceil(requests * 0.99) - 1] / 1e6;
        double ph = holder[(int) Math.ceil(requests * 0.99) - 1] / 1e6;
        System.out.printf("measure: %d requests each, permitted patients: %d%n", requests, permitted.size());
        System.out.printf("enforced (professional of another organisation): median %.2f ms, p99 %.2f ms, %.2f entries/request%n",
                me, pe, returnedEnforced / (double) requests);
        System.out.printf("holder itself (nothing narrowed away):           median %.2f ms, p99 %.2f ms, %.2f entries/request%n",
                mh, ph, returnedHolder / (double) requests);
        System.out.printf("ratio enforced/holder: median %.2f, p99 %.2f%n", me / mh, pe / ph);
    }

    /**
     * {@code Patient/$summary} by an out-of-hours GP for patients with data at two or three holders:
     * one client, then 16 concurrent clients; latency and throughput.
     */
    private void measureSummary(List<String[]> permitted, int requests) throws Exception {
        String professional = token(Map.of("requester_type", "professional", "organization_ura", ura(PHARMACIES + GPS),
                "organization_type", "N6", "uzi_number", "900009999", "uzi_role", "01.015",
                "purpose_of_use", "TREAT", "scope", "user/*.rs"));
        for (int clients : new int[] {1, 16}) {
            long[] times = new long[requests];
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger(-Math.min(200, requests));
            java.util.concurrent.atomic.AtomicLong entries = new java.util.concurrent.atomic.AtomicLong();
            List<Thread> threads = new ArrayList<>();
            long started = System.nanoTime();
            long[] measuredStart = {0};
            for (int c = 0; c < clients; c++) {
                Thread thread = new Thread(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < requests) {
                        String[] pick = permitted.get(Math.floorMod(i * 7919 + 13, permitted.size()));
                        String url = base + "/Patient/$summary?identifier=" + BSN + "%7C" + pick[0];
                        long t0 = System.nanoTime();
                        String body;
                        try {
                            body = get(professional, url);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        if (i == 0) {
                            measuredStart[0] = t0;
                        }
                        if (i >= 0) {
                            times[i] = System.nanoTime() - t0;
                            entries.addAndGet(count(body, "\"fullUrl\""));
                        }
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            double seconds = (System.nanoTime() - (measuredStart[0] == 0 ? started : measuredStart[0])) / 1e9;
            Arrays.sort(times);
            System.out.printf("$summary, %2d client(s): %d requests, median %.2f ms, p99 %.2f ms, %.1f requests/s,"
                    + " %.1f bundle entries/summary%n", clients, requests, times[requests / 2] / 1e6,
                    times[(int) Math.ceil(requests * 0.99) - 1] / 1e6, requests / seconds,
                    entries.get() / (double) requests);
        }
    }

    private static int count(String text, String what) {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            count++;
        }
        return count;
    }

    private final Map<String, String> holderTokens = new HashMap<>();

    private String holderToken(String ura) throws Exception {
        String token = holderTokens.get(ura);
        if (token == null) {
            token = token(Map.of("requester_type", "organization", "organization_ura", ura,
                    "organization_type", "J8", "scope", "system/*.cruds"));
            holderTokens.put(ura, token);
        }
        return token;
    }

    private static int entries(String bundle) {
        int count = 0;
        int at = bundle.indexOf("\"mode\":\"match\"");
        while (at >= 0) {
            count++;
            at = bundle.indexOf("\"mode\":\"match\"", at + 1);
        }
        return count;
    }

    // ------------------------------------------------------------------ plumbing

    private String token(Map<String, Object> claims) throws Exception {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(issuer).audience("schakelpunt")
                .subject("bench").issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(6))));
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), builder.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private void post(String token, Bundle bundle) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json")
                .header("Prefer", "return=minimal")
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(bundle)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Transaction refused: " + response.statusCode() + " " + response.body());
        }
    }

    private String get(String token, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/fhir+json")
                .timeout(Duration.ofMinutes(1))
                .GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static void put(Bundle bundle, Resource resource) {
        String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
        bundle.addEntry().setFullUrl(url).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
    }

    private static void post(Bundle bundle, Resource resource) {
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(resource)
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
    }

    private static Date date(LocalDate day) {
        return Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static String ura(int i) {
        return String.format("6%07d", i);
    }

    /** A BSN of the range 99xxxxxxx, below the demo's 9999xxxxx, that passes the 11-check; one per n. */
    static String bsn(int n) {
        int[] weights = {9, 8, 7, 6, 5, 4, 3, 2, -1};
        for (int candidate = n * 100; ; candidate++) {
            String bsn = String.format("99%07d", candidate % 10_000_000);
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += weights[i] * (bsn.charAt(i) - '0');
            }
            if (sum % 11 == 0 && sum != 0) {
                return bsn;
            }
        }
    }
}
