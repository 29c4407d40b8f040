package nl.schakelpunt.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The load scenarios' input, from a population's {@code pairs.csv}, with fresh tokens: who is looked
 * up, by whom, which requests a patient makes. Rows are shuffled with a fixed seed, so every run asks
 * the same things in the same order.
 *
 * <p>Arguments: population folder, issuer, PKCS#8 DER key file.
 */
public final class Feeders {

    private static final int LIMIT = 5000;

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        BenchTokens tokens = BenchTokens.fromFile(args[1], Path.of(args[2]));
        List<String[]> pairs = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve("pairs.csv"), StandardCharsets.UTF_8)) {
            if (!line.startsWith("patient,")) {
                pairs.add(line.split(",", -1));
            }
        }
        Map<String, String> holderTokens = new HashMap<>();
        List<String> lookup = new ArrayList<>();
        Set<String> summary = new LinkedHashSet<>();
        Set<String> locate = new LinkedHashSet<>();
        List<String> requests = new ArrayList<>();
        List<String> push = new ArrayList<>();
        for (String[] pair : pairs) {
            String bsn = pair[1];
            String kind = pair[3];
            String state = pair[6];
            String holderToken = holderTokens.computeIfAbsent(pair[5],
                    ura -> tokens.holder(ura, "pharmacy".equals(kind) ? "J8" : "Z3"));
            locate.add(bsn);
            if ("permit".equals(state)) {
                summary.add(bsn);
                if ("pharmacy".equals(kind)) {
                    lookup.add(bsn + "," + holderToken);
                }
            }
            if ("gp".equals(kind) && "none".equals(state)) {
                requests.add(bsn + "," + pair[2] + "," + pair[4] + "," + holderToken);
            }
            if ("pharmacy".equals(kind)) {
                push.add(bsn + "," + pair[4] + "," + holderToken);
            }
        }
        write(folder.resolve("lookup.csv"), "bsn,holder_token", lookup, rows -> rows);
        write(folder.resolve("summary.csv"), "bsn", new ArrayList<>(summary), rows -> rows);
        write(folder.resolve("locate.csv"), "bsn", new ArrayList<>(locate), rows -> rows);
        write(folder.resolve("push.csv"), "bsn,holder_id,holder_token", push, rows -> rows);
        write(folder.resolve("requests.csv"), "bsn,patient_id,holder_id,holder_token,patient_token", requests,
                rows -> rows.stream().map(row -> row + "," + tokens.patient(row.substring(0, row.indexOf(',')))).toList());
        Files.writeString(folder.resolve("professional.csv"), "token\n" + tokens.outOfHoursGp() + "\n");
        System.out.printf("feeders: %,d look-ups by a pharmacy's permitted patients, %,d patients with a permission,"
                + " %,d patients, %,d GP pairs without a choice, %,d pharmacy pairs%n",
                lookup.size(), summary.size(), locate.size(), requests.size(), push.size());
    }

    private static void write(Path file, String header, List<String> rows,
            java.util.function.UnaryOperator<List<String>> finish) throws Exception {
        List<String> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(42));
        List<String> out = new ArrayList<>();
        out.add(header);
        out.addAll(finish.apply(shuffled.subList(0, Math.min(LIMIT, shuffled.size()))));
        Files.write(file, out, StandardCharsets.UTF_8);
    }
}
