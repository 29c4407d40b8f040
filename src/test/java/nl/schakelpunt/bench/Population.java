package nl.schakelpunt.bench;

import static nl.schakelpunt.consent.PermissionCodes.*;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

import ca.uhn.fhir.context.FhirContext;

/**
 * The synthetic population: N patients with valid BSNs, each known at one to three data holders (a GP
 * practice, a pharmacy, now and then a second pharmacy), permissions in every state, and two years of
 * records. Everything goes in through the FHIR API as the holders would send it: each holder pushes
 * its patients and records in transaction bundles with its own token, a patient asks for permission
 * online with a patient token, a holder withdraws or rejects with {@code $withdraw} and
 * {@code $process}. Deterministic from the seed: patient {@code i} is always the same person with the
 * same holders, permissions and records (dates relative to the day of loading).
 *
 * <p>Options: {@code --base URL --issuer URI --key PKCS8.der --out DIR --patients N [--from K]
 * [--seed S] [--workers W] [--gp-practices G] [--pharmacies P] [--stop-after MINUTES]}. With
 * {@code --from K} patients K..N-1 are added to a population that holds 0..K-1; with
 * {@code --stop-after} no new patients are started after that many minutes, to see how far a run gets. Writes {@code pairs.csv} (one row per patient
 * and holder, with the permission state) to the output folder, for the load scenarios.
 */
public final class Population {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn";
    private static final String URA_SYSTEM = "http://fhir.nl/fhir/NamingSystem/ura";
    private static final String ORG_TYPE = "http://nictiz.nl/fhir/NamingSystem/organization-type";
    private static final String ICPC = "http://hl7.org/fhir/sid/icpc-1-nl";
    private static final String SNOMED = "http://snomed.info/sct";
    private static final String GSTANDARD = "urn:oid:2.16.840.1.113883.2.4.4.10";
    private static final int PATIENTS_PER_BUNDLE = 25;
    private static final int PATIENTS_PER_CHUNK = 50;

    /** The share of patient-holder pairs in each permission state; about half made no choice. */
    static final Map<State, Integer> STATE_PER_MILLE = stateTable();

    enum State { NONE, PERMIT, NARROWED, REFUSED, WITHDRAWN, PROPOSED, REJECTED }

    private static Map<State, Integer> stateTable() {
        Map<State, Integer> table = new LinkedHashMap<>();
        table.put(State.NONE, 500);
        table.put(State.PERMIT, 380);
        table.put(State.NARROWED, 30);
        table.put(State.REFUSED, 40);
        table.put(State.WITHDRAWN, 30);
        table.put(State.PROPOSED, 15);
        table.put(State.REJECTED, 5);
        return table;
    }

    private static final String[][] MEDICINES = {
        {"2194", "metoprolol 50 mg tablet"}, {"1694", "omeprazol 20 mg capsule"}, {"3565", "metformine 500 mg tablet"},
        {"2356", "simvastatine 40 mg tablet"}, {"3794", "amoxicilline 500 mg capsule"}, {"5258", "salbutamol 100 µg inhalator"},
        {"2267", "lisinopril 10 mg tablet"}, {"1988", "paracetamol 500 mg tablet"}, {"4871", "levothyroxine 50 µg tablet"},
        {"3107", "hydrochloorthiazide 12,5 mg tablet"}, {"2941", "acetylsalicylzuur 80 mg tablet"}, {"6030", "diclofenac 50 mg tablet"}};
    private static final String[][] EPISODES = {
        {"K86", "Hypertensie zonder orgaanbeschadiging"}, {"T90", "Diabetes mellitus"}, {"R96", "Astma"},
        {"L03", "Lage rugklachten"}, {"R74", "Acute infectie bovenste luchtwegen"}, {"P76", "Depressie"},
        {"D84", "Refluxziekte"}, {"K77", "Decompensatio cordis"}, {"T93", "Vetstofwisselingsstoornis"}, {"S88", "Eczeem"}};
    private static final String[][] ALLERGENS = {
        {"764146007", "Penicilline"}, {"111088007", "Latex"}, {"91935009", "Pinda"}, {"293586001", "Acetylsalicylzuur"}};
    private static final String[] FAMILY = {"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
        "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen"};
    private static final String[] GIVEN = {"Anna", "Bram", "Cora", "Daan", "Eva", "Finn", "Gina", "Hugo", "Iris", "Jan",
        "Kees", "Lotte", "Mila", "Noah", "Olga", "Piet", "Roos", "Sem", "Tess", "Wim"};

    private final String base;
    private final BenchTokens tokens;
    private final long seed;
    private final int gpPractices;
    private final int pharmacies;
    private final LocalDate today = LocalDate.now(ZoneId.of("Europe/Amsterdam"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, String> holderTokens = new ConcurrentHashMap<>();

    private final AtomicInteger patientsDone = new AtomicInteger();
    private final LongAdder resources = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final Map<String, LongAdder> perType = new ConcurrentHashMap<>();
    private final Map<State, LongAdder> perState = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> rows = new ConcurrentLinkedQueue<>();
    private final AtomicInteger lastPatient = new AtomicInteger(-1);
    private Instant deadline = Instant.MAX;

    Population(String base, BenchTokens tokens, long seed, int gpPractices, int pharmacies) {
        this.base = base;
        this.tokens = tokens;
        this.seed = seed;
        this.gpPractices = gpPractices;
        this.pharmacies = pharmacies;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int patients = Integer.parseInt(options.getOrDefault("patients", "10000"));
        int from = Integer.parseInt(options.getOrDefault("from", "0"));
        // Dutch scale: a GP practice has about 2,500 patients, a pharmacy about 8,000.
        int gps = Integer.parseInt(options.getOrDefault("gp-practices", String.valueOf(Math.max(4, patients / 2500))));
        int pharmacies = Integer.parseInt(options.getOrDefault("pharmacies", String.valueOf(Math.max(4, patients / 8000))));
        int workers = Integer.parseInt(options.getOrDefault("workers", "3"));
        long seed = Long.parseLong(options.getOrDefault("seed", "20261122"));
        Path out = Path.of(options.getOrDefault("out", "target/bench/population"));
        BenchTokens tokens = BenchTokens.fromFile(options.get("issuer"), Path.of(options.get("key")));
        Population population = new Population(options.get("base"), tokens, seed, gps, pharmacies);
        Files.createDirectories(out);
        population.deadline = options.containsKey("stop-after")
                ? Instant.now().plus(Duration.ofMinutes(Long.parseLong(options.get("stop-after")))) : Instant.MAX;
        population.run(from, patients, workers, out);
    }

    private void run(int from, int patients, int workers, Path out) throws Exception {
        PrintStream console = System.out;
        console.printf("population: patients %,d..%,d, %d GP practices, %d pharmacies, seed %d, %d workers%n",
                from, patients - 1, gpPractices, pharmacies, seed, workers);
        registerDirectory();
        Instant started = Instant.now();
        AtomicInteger nextChunk = new AtomicInteger();
        int chunks = (patients - from + PATIENTS_PER_CHUNK - 1) / PATIENTS_PER_CHUNK;
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread thread = new Thread(() -> {
                int chunk;
                while (Instant.now().isBefore(deadline) && (chunk = nextChunk.getAndIncrement()) < chunks
                        && failures.isEmpty()) {
                    int first = from + chunk * PATIENTS_PER_CHUNK;
                    try {
                        loadChunk(first, Math.min(patients, first + PATIENTS_PER_CHUNK));
                    } catch (Exception | Error e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }
            }, "loader-" + w);
            threads.add(thread);
            thread.start();
        }
        Progress progress = new Progress(patients - from, started);
        while (threads.stream().anyMatch(Thread::isAlive)) {
            Thread.sleep(1000);
            progress.show(patientsDone.get(), resources.sum());
        }
        progress.done(patientsDone.get(), resources.sum());
        writeRows(out.resolve("pairs.csv"), from == 0);
        if (!failures.isEmpty()) {
            failures.get(0).printStackTrace();
            throw new IllegalStateException("loading stopped after " + patientsDone.get() + " patients");
        }
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        console.println();
        console.println("summary");
        int loaded = patientsDone.get();
        console.printf("  patients       %,d (BSN %s .. %s)%s%n", loaded, bsn(from), bsn(Math.max(from, lastPatient.get())),
                loaded < patients - from ? String.format(", stopped after %s: %,d of %,d", Duration.between(started,
                        Instant.now()).toMinutes() + " min", loaded, patients - from) : "");
        console.printf("  holders        %d GP practices, %d pharmacies (plus an out-of-hours GP service and a hospital)%n",
                gpPractices, pharmacies);
        console.printf("  resources      %,d in %,d requests%n", resources.sum(), requests.sum());
        new TreeMap<>(perType).forEach((type, n) -> console.printf("    %-20s %,10d%n", type, n.sum()));
        console.printf("  permissions per patient-holder pair%n");
        long pairs = perState.values().stream().mapToLong(LongAdder::sum).sum();
        for (State state : State.values()) {
            long n = perState.getOrDefault(state, new LongAdder()).sum();
            console.printf("    %-20s %,10d  %5.1f%%%n", state.name().toLowerCase(), n, 100.0 * n / Math.max(1, pairs));
        }
        console.printf("  time           %.0f s%n", seconds);
        console.printf("  load rate      %.0f resources/s, %.1f patients/s%n", resources.sum() / seconds, loaded / seconds);
        console.printf("  pairs          %s%n", out.resolve("pairs.csv"));
    }

    // ------------------------------------------------------------------ holders

    private String gpId(int i) {
        return "bench-gp-" + i;
    }

    private String pharmacyId(int i) {
        return "bench-pharmacy-" + i;
    }

    static String gpUra(int i) {
        return String.format("61%06d", i);
    }

    static String pharmacyUra(int i) {
        return String.format("62%06d", i);
    }

    static final String OUT_OF_HOURS_URA = "63000000";
    static final String HOSPITAL_URA = "64000000";

    private void registerDirectory() throws Exception {
        Bundle directory = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < gpPractices; i++) {
            put(directory, organization(gpId(i), gpUra(i), "Z3", "Huisartsenpraktijk " + FAMILY[i % FAMILY.length] + " " + i));
        }
        for (int i = 0; i < pharmacies; i++) {
            put(directory, organization(pharmacyId(i), pharmacyUra(i), "J8", "Apotheek " + GIVEN[i % GIVEN.length] + " " + i));
        }
        put(directory, organization("bench-out-of-hours", OUT_OF_HOURS_URA, "N6", "Huisartsenpost Bench"));
        put(directory, organization("bench-hospital", HOSPITAL_URA, "V4", "Ziekenhuis Bench"));
        send(tokens.operator(), directory);
    }

    private static Organization organization(String id, String ura, String type, String name) {
        Organization org = new Organization().setName(name).setActive(true);
        org.setId(id);
        org.addIdentifier().setSystem(URA_SYSTEM).setValue(ura);
        org.addType().addCoding(new Coding(ORG_TYPE, type, null));
        return org;
    }

    private String holderToken(String ura, String type) {
        return holderTokens.computeIfAbsent(ura, u -> tokens.holder(u, type));
    }

    // ------------------------------------------------------------------ one chunk of patients

    /** One patient-holder pair as generated, with where its entries sit in the holder's bundle. */
    private static final class Pair {
        final int patient;
        final String bsn;
        final String holderId;
        final String holderUra;
        final boolean pharmacy;
        final State state;
        int patientEntry;
        int permissionEntry = -1;
        String patientId;
        String permissionId;

        Pair(int patient, String bsn, String holderId, String holderUra, boolean pharmacy, State state) {
            this.patient = patient;
            this.bsn = bsn;
            this.holderId = holderId;
            this.holderUra = holderUra;
            this.pharmacy = pharmacy;
            this.state = state;
        }
    }

    private void loadChunk(int first, int end) throws Exception {
        Map<String, List<Pair>> byHolder = new TreeMap<>();
        Map<String, Bundle> open = new TreeMap<>();
        Map<String, Integer> openPatients = new TreeMap<>();
        List<Pair> all = new ArrayList<>();
        for (int p = first; p < end; p++) {
            Random random = new Random(seed * 1_000_003L + p);
            String bsn = bsn(p);
            Patient patient = patient(p, bsn, random);
            for (Pair pair : holdersOf(p, bsn, random)) {
                String holder = pair.holderId;
                Bundle bundle = open.computeIfAbsent(holder, h -> new Bundle().setType(Bundle.BundleType.TRANSACTION));
                pair.patientEntry = bundle.getEntry().size();
                String patientUrl = uuid(random);
                bundle.addEntry().setFullUrl(patientUrl).setResource(patient.copy()).getRequest()
                        .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient")
                        .setIfNoneExist("identifier=" + BSN_SYSTEM + "|" + bsn);
                count("Patient");
                if (pair.pharmacy) {
                    pharmacyRecord(bundle, patientUrl, holder, random);
                } else {
                    gpRecord(bundle, patientUrl, holder, random);
                }
                if (pair.state == State.PERMIT || pair.state == State.NARROWED || pair.state == State.REFUSED
                        || pair.state == State.WITHDRAWN) {
                    pair.permissionEntry = bundle.getEntry().size();
                    add(bundle, permissionGivenAtHolder(pair, patientUrl, random), random);
                }
                byHolder.computeIfAbsent(holder, h -> new ArrayList<>()).add(pair);
                all.add(pair);
                if (openPatients.merge(holder, 1, Integer::sum) == PATIENTS_PER_BUNDLE) {
                    flush(holder, open.remove(holder), byHolder.remove(holder));
                    openPatients.remove(holder);
                }
            }
        }
        for (String holder : new ArrayList<>(open.keySet())) {
            flush(holder, open.get(holder), byHolder.get(holder));
        }
        for (Pair pair : all) {
            followUp(pair);
            perState.computeIfAbsent(pair.state, s -> new LongAdder()).increment();
            rows.add(String.join(",", String.valueOf(pair.patient), pair.bsn, pair.patientId,
                    pair.pharmacy ? "pharmacy" : "gp", pair.holderId, pair.holderUra,
                    pair.state.name().toLowerCase(), pair.permissionId == null ? "" : pair.permissionId));
        }
        patientsDone.addAndGet(end - first);
        lastPatient.accumulateAndGet(end - 1, Math::max);
    }

    /** Sends one holder's bundle and reads back the ids of the patients and permissions in it. */
    private void flush(String holder, Bundle bundle, List<Pair> pairs) throws Exception {
        Pair any = pairs.get(0);
        Bundle response = send(holderToken(any.holderUra, any.pharmacy ? "J8" : "Z3"), bundle);
        resources.add(bundle.getEntry().size());
        for (Pair pair : pairs) {
            pair.patientId = idOf(response, pair.patientEntry);
            if (pair.permissionEntry >= 0) {
                pair.permissionId = idOf(response, pair.permissionEntry);
            }
        }
    }

    /** The states reached through the API after the bundle: a withdrawal, an online request, a rejection. */
    private void followUp(Pair pair) throws Exception {
        String holderToken = holderToken(pair.holderUra, pair.pharmacy ? "J8" : "Z3");
        switch (pair.state) {
            case WITHDRAWN -> operation(holderToken, "Consent/" + pair.permissionId + "/$withdraw", new Parameters());
            case PROPOSED, REJECTED -> {
                Consent request = permission(pair, "Patient/" + pair.patientId, Consent.ConsentState.PROPOSED, ONLINE,
                        today.minusDays(1 + Math.floorMod(pair.patient * 31L, 60)));
                Consent stored = (Consent) FHIR.newJsonParser().parseResource(
                        call(tokens.patient(pair.bsn), "POST", "Consent", encode(request), "return=representation"));
                pair.permissionId = stored.getIdElement().getIdPart();
                resources.increment();
                count("Consent");
                if (pair.state == State.REJECTED) {
                    Parameters decision = new Parameters();
                    decision.addParameter().setName("decision").setValue(new CodeType("reject"));
                    decision.addParameter().setName("reason").setValue(new StringType("Wij kennen u niet als patiënt."));
                    operation(holderToken, "Consent/" + pair.permissionId + "/$process", decision);
                }
            }
            default -> { }
        }
    }

    // ------------------------------------------------------------------ who the patient is and where

    private Patient patient(int index, String bsn, Random random) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(BSN_SYSTEM).setValue(bsn);
        patient.addName().setFamily(FAMILY[random.nextInt(FAMILY.length)]).addGiven(GIVEN[random.nextInt(GIVEN.length)]);
        patient.setGender(random.nextBoolean() ? Enumerations.AdministrativeGender.FEMALE : Enumerations.AdministrativeGender.MALE);
        patient.setBirthDate(date(today.minusDays(random.nextInt(95 * 365))));
        return patient;
    }

    /**
     * One to three holders: a GP practice (nine in ten patients), a pharmacy (nine in ten, always when
     * there is no GP practice) and a second pharmacy (three in twenty). Patients live near their
     * holders: consecutive patients share practices and pharmacies.
     */
    private List<Pair> holdersOf(int p, String bsn, Random random) {
        List<Pair> pairs = new ArrayList<>();
        int region = p / 500;
        boolean gp = random.nextInt(10) < 9;
        boolean pharmacy = !gp || random.nextInt(10) < 9;
        boolean second = random.nextInt(20) < 3;
        int g = Math.floorMod(region * 7 + random.nextInt(2), gpPractices);
        int ph = Math.floorMod(region * 3 + random.nextInt(2), pharmacies);
        if (gp) {
            pairs.add(new Pair(p, bsn, gpId(g), gpUra(g), false, state(random)));
        }
        if (pharmacy) {
            pairs.add(new Pair(p, bsn, pharmacyId(ph), pharmacyUra(ph), true, state(random)));
        }
        if (second && pharmacies > 1) {
            int other = Math.floorMod(ph + 1 + random.nextInt(pharmacies - 1), pharmacies);
            pairs.add(new Pair(p, bsn, pharmacyId(other), pharmacyUra(other), true, state(random)));
        }
        return pairs;
    }

    private static State state(Random random) {
        int roll = random.nextInt(1000);
        for (Map.Entry<State, Integer> share : STATE_PER_MILLE.entrySet()) {
            roll -= share.getValue();
            if (roll < 0) {
                return share.getKey();
            }
        }
        return State.NONE;
    }

    // ------------------------------------------------------------------ records

    /** Medication use over two years with its dispenses, and now and then an allergy. */
    private void pharmacyRecord(Bundle bundle, String patient, String holder, Random random) {
        int uses = 1 + random.nextInt(3);
        for (int i = 0; i < uses; i++) {
            String[] medicine = MEDICINES[random.nextInt(MEDICINES.length)];
            LocalDate start = today.minusDays(random.nextInt(730));
            boolean chronic = random.nextInt(2) == 0;
            LocalDate end = chronic ? null : start.plusDays(14 + random.nextInt(120));
            add(bundle, new MedicationStatement()
                    .setStatus(end == null || end.isAfter(today) ? MedicationStatement.MedicationStatementStatus.ACTIVE
                            : MedicationStatement.MedicationStatementStatus.COMPLETED)
                    .setCategory(new CodeableConcept(new Coding(SNOMED, "422979000", "Medicatiegebruik")))
                    .setMedication(new CodeableConcept(new Coding(GSTANDARD, medicine[0], medicine[1])))
                    .setSubject(new Reference(patient))
                    .setEffective(new Period().setStart(date(start)).setEnd(end == null ? null : date(end))), random);
            LocalDate handedOver = start;
            int dispenses = 1 + random.nextInt(2);
            for (int d = 0; d < dispenses && !handedOver.isAfter(today) && (end == null || !handedOver.isAfter(end)); d++) {
                MedicationDispense dispense = new MedicationDispense()
                        .setStatus(MedicationDispense.MedicationDispenseStatus.COMPLETED)
                        .setMedication(new CodeableConcept(new Coding(GSTANDARD, medicine[0], medicine[1])))
                        .setSubject(new Reference(patient))
                        .setQuantity(new Quantity().setValue(30 + 30 * random.nextInt(3)).setUnit("stuk"))
                        .setWhenHandedOverElement(new DateTimeType(date(handedOver)));
                dispense.addPerformer().setActor(new Reference("Organization/" + holder));
                add(bundle, dispense, random);
                handedOver = handedOver.plusDays(90);
            }
        }
        if (random.nextInt(4) == 0) {
            String[] allergen = ALLERGENS[random.nextInt(ALLERGENS.length)];
            add(bundle, new AllergyIntolerance()
                    .setClinicalStatus(new CodeableConcept(new Coding(
                            "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
                            random.nextInt(5) == 0 ? "resolved" : "active", null)))
                    .setCode(new CodeableConcept(new Coding(SNOMED, allergen[0], allergen[1])))
                    .setPatient(new Reference(patient))
                    .setRecordedDateElement(new DateTimeType(date(today.minusDays(random.nextInt(1500))))), random);
        }
    }

    /** Episodes with ICPC codes (about half still open), contacts over two years with journal entries and results. */
    private void gpRecord(Bundle bundle, String patient, String holder, Random random) {
        int episodes = 1 + random.nextInt(3);
        for (int i = 0; i < episodes; i++) {
            String[] code = EPISODES[random.nextInt(EPISODES.length)];
            boolean open = random.nextBoolean();
            LocalDate onset = today.minusDays(random.nextInt(1800));
            Condition episode = new Condition()
                    .setClinicalStatus(new CodeableConcept(new Coding(
                            "http://terminology.hl7.org/CodeSystem/condition-clinical", open ? "active" : "resolved", null)))
                    .addCategory(new CodeableConcept(new Coding(
                            "http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", null)))
                    .setCode(new CodeableConcept(new Coding(ICPC, code[0], code[1])))
                    .setSubject(new Reference(patient))
                    .setOnset(new DateTimeType(date(onset)));
            if (!open) {
                episode.setAbatement(new DateTimeType(date(onset.plusDays(7 + random.nextInt(60)))));
            }
            add(bundle, episode, random);
        }
        int contacts = 1 + random.nextInt(5);
        for (int i = 0; i < contacts; i++) {
            Date day = date(today.minusDays(random.nextInt(730)));
            String contactUrl = uuid(random);
            Encounter encounter = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
                    .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"))
                    .setSubject(new Reference(patient)).setPeriod(new Period().setStart(day).setEnd(day))
                    .setServiceProvider(new Reference("Organization/" + holder));
            encounter.addType().setText("Consult");
            bundle.addEntry().setFullUrl(contactUrl).setResource(encounter).getRequest()
                    .setMethod(Bundle.HTTPVerb.POST).setUrl("Encounter");
            count("Encounter");
            Observation journal = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                    .setCode(new CodeableConcept(new Coding("http://loinc.org", "67781-5", "Summarization of encounter note Narrative")))
                    .setSubject(new Reference(patient)).setEncounter(new Reference(contactUrl))
                    .setEffective(new DateTimeType(day))
                    .setValue(new StringType("S: klachten besproken. O: geen bijzonderheden. E: "
                            + EPISODES[random.nextInt(EPISODES.length)][1] + ". P: controle over twee weken."));
            journal.addPerformer(new Reference("Organization/" + holder));
            add(bundle, journal, random);
            if (random.nextInt(5) == 0) {
                Observation result = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                        .setCode(new CodeableConcept(new Coding("http://loinc.org", "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood")))
                        .setSubject(new Reference(patient)).setEncounter(new Reference(contactUrl))
                        .setEffective(new DateTimeType(day))
                        .setValue(new Quantity().setValue(38 + random.nextInt(30)).setUnit("mmol/mol")
                                .setSystem("http://unitsofmeasure.org").setCode("mmol/mol"));
                result.addCategory(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", null)));
                result.addPerformer(new Reference("Organization/" + holder));
                add(bundle, result, random);
            }
        }
    }

    // ------------------------------------------------------------------ permissions

    /** A permission the holder records itself: given verbally or on paper, refused, narrowed. */
    private Consent permissionGivenAtHolder(Pair pair, String patientUrl, Random random) {
        LocalDate given = today.minusDays(30 + random.nextInt(5 * 365));
        boolean paper = random.nextInt(5) < 2;
        Consent consent = permission(pair, patientUrl, Consent.ConsentState.ACTIVE, paper ? PAPER : VERBAL, given);
        if (paper) {
            consent.setSource(new Attachment().setContentType("text/plain").setTitle("Toestemmingsformulier (scan)")
                    .setData(("Signed permission form " + pair.bsn + " " + pair.holderId).getBytes(StandardCharsets.UTF_8)));
        }
        Consent.ProvisionComponent provision = consent.getProvision();
        if (pair.state == State.REFUSED) {
            provision.setType(Consent.ConsentProvisionType.DENY);
        } else if (pair.state == State.NARROWED) {
            if (random.nextBoolean()) {
                Consent.ProvisionComponent noPlannedHospitalCare = provision.addProvision()
                        .setType(Consent.ConsentProvisionType.DENY);
                noPlannedHospitalCare.addPurpose(new Coding(ACT_REASON_SYSTEM, TREATMENT, null));
                noPlannedHospitalCare.addExtension(RECIPIENT_CATEGORY_EXTENSION,
                        new CodeableConcept(new Coding(RECIPIENT_CATEGORY_SYSTEM, HOSPITALS, null)));
            } else {
                provision.getPurpose().removeIf(purpose -> TREATMENT.equals(purpose.getCode()));
            }
        }
        return consent;
    }

    private Consent permission(Pair pair, String patient, Consent.ConsentState status, String channel, LocalDate given) {
        Consent consent = new Consent().setStatus(status)
                .setScope(new CodeableConcept(new Coding(CONSENT_SCOPE_SYSTEM, PATIENT_PRIVACY, null)))
                .addCategory(new CodeableConcept(new Coding(LOINC, PATIENT_CONSENT_LOINC, null)))
                .setPatient(new Reference(patient))
                .setDateTimeElement(new DateTimeType(date(given)))
                .setPolicyRule(new CodeableConcept(new Coding(ACT_CODE_SYSTEM, OPT_IN, null)));
        consent.addPolicy().setUri(CANONICAL_BASE + "/permission-policy");
        consent.addOrganization(new Reference("Organization/" + pair.holderId));
        consent.addExtension(CHANNEL_EXTENSION, new Coding(CHANNEL_SYSTEM, channel, null));
        Consent.ProvisionComponent provision = consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
        provision.setPeriod(new Period().setStart(date(given)));
        provision.addActor().setRole(new CodeableConcept(new Coding(PARTICIPATION_TYPE_SYSTEM, CUSTODIAN, null)))
                .setReference(new Reference("Organization/" + pair.holderId));
        provision.addPurpose(new Coding(ACT_REASON_SYSTEM, TREATMENT, null));
        provision.addPurpose(new Coding(ACT_REASON_SYSTEM, EMERGENCY_TREATMENT, null));
        return consent;
    }

    // ------------------------------------------------------------------ plumbing

    private void add(Bundle bundle, Resource resource, Random random) {
        bundle.addEntry().setFullUrl(uuid(random)).setResource(resource).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
        count(resource.fhirType());
    }

    private void count(String type) {
        perType.computeIfAbsent(type, t -> new LongAdder()).increment();
    }

    private static void put(Bundle bundle, Resource resource) {
        String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
        bundle.addEntry().setFullUrl(url).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
    }

    private static String uuid(Random random) {
        return "urn:uuid:" + new UUID(random.nextLong(), random.nextLong());
    }

    private static String idOf(Bundle response, int entry) {
        String location = response.getEntry().get(entry).getResponse().getLocation();
        return location.split("/")[1];
    }

    private Bundle send(String token, Bundle bundle) throws Exception {
        return (Bundle) FHIR.newJsonParser().parseResource(call(token, "POST", "", encode(bundle), "return=minimal"));
    }

    private void operation(String token, String path, Parameters parameters) throws Exception {
        call(token, "POST", path, encode(parameters), "return=minimal");
        resources.increment();
        count("Consent");
    }

    private static String encode(Resource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }

    /** One request, tried again twice after a server error or a broken connection (a transaction is all or nothing). */
    private String call(String token, String method, String path, String body, String prefer) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(path.isEmpty() ? base : base + "/" + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json")
                .header("Accept", "application/fhir+json")
                .header("Prefer", prefer)
                .timeout(Duration.ofMinutes(5))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        for (int attempt = 1; ; attempt++) {
            requests.increment();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() < 300) {
                    return response.body();
                }
                if (response.statusCode() < 500 || attempt == 3) {
                    throw new IllegalStateException(method + " /" + path + ": " + response.statusCode() + " " + response.body());
                }
            } catch (IOException e) {
                if (attempt == 3) {
                    throw new UncheckedIOException(e);
                }
            }
            Thread.sleep(500L * attempt);
        }
    }

    private synchronized void writeRows(Path file, boolean fresh) throws IOException {
        List<String> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> {
            int byPatient = Integer.compare(Integer.parseInt(a.substring(0, a.indexOf(','))),
                    Integer.parseInt(b.substring(0, b.indexOf(','))));
            return byPatient != 0 ? byPatient : a.compareTo(b);
        });
        if (fresh || !Files.exists(file)) {
            sorted.add(0, "patient,bsn,patient_id,holder_kind,holder_id,holder_ura,state,permission_id");
            Files.write(file, sorted, StandardCharsets.UTF_8);
        } else {
            Files.write(file, sorted, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }

    private static Date date(LocalDate day) {
        return Date.from(day.atStartOfDay(ZoneId.of("Europe/Amsterdam")).toInstant());
    }

    /**
     * The n-th synthetic BSN: a number from 900,000,000 up that passes the eleven-check, in the n-th
     * pair of decades (one of any two consecutive decades holds a valid number), so a million patients
     * use 900,000,000 to 920,000,000, away from the 9999 range of the public test material and the demo.
     */
    static String bsn(int n) {
        long first = 900_000_000L + 20L * n;
        for (long candidate = first; candidate < first + 20; candidate++) {
            String bsn = Long.toString(candidate);
            if (elevenCheck(bsn)) {
                return bsn;
            }
        }
        throw new IllegalStateException("no valid BSN from " + first);
    }

    private static boolean elevenCheck(String bsn) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (9 - i) * (bsn.charAt(i) - '0');
        }
        sum -= bsn.charAt(8) - '0';
        return sum % 11 == 0;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    /** A progress bar on a terminal, a line per tenth otherwise. */
    private static final class Progress {
        private final int total;
        private final Instant started;
        private final boolean terminal = System.console() != null;
        private int lastTenth = -1;

        Progress(int total, Instant started) {
            this.total = total;
            this.started = started;
        }

        void show(int done, long resources) {
            double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
            double share = total == 0 ? 1 : (double) done / total;
            long eta = done == 0 ? 0 : Math.round(seconds / share - seconds);
            String line = String.format("[%-30s] %5.1f%% %,d/%,d patients, %,d resources, %.0f resources/s, ETA %d:%02d:%02d",
                    "#".repeat((int) (share * 30)), share * 100, done, total, resources, resources / seconds,
                    eta / 3600, eta / 60 % 60, eta % 60);
            if (terminal) {
                System.out.print("\r" + line);
                System.out.flush();
            } else if ((int) (share * 10) > lastTenth) {
                lastTenth = (int) (share * 10);
                System.out.println(line);
            }
        }

        void done(int done, long resources) {
            if (terminal || lastTenth < 10) {
                lastTenth = -1;
                show(done, resources);
            }
            if (terminal) {
                System.out.println();
            }
        }
    }
}
