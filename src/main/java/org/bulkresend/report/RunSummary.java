package org.bulkresend.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bulkresend.ledger.Status;

/** The count per status that ends every run, as a small table. */
public final class RunSummary {

    private RunSummary() {
    }

    public static List<String> table(Map<Status, Long> counts) {
        List<String> lines = new ArrayList<>();
        int width = 0;
        for (Status status : Status.values()) {
            width = Math.max(width, status.name().length());
        }
        String rule = "-".repeat(width + 10);
        lines.add(String.format("%-" + width + "s %9s", "STATUS", "USERS"));
        lines.add(rule);
        long total = 0;
        for (Status status : Status.values()) {
            long count = counts.getOrDefault(status, 0L);
            total += count;
            if (count > 0) {
                lines.add(String.format("%-" + width + "s %9d", status.name(), count));
            }
        }
        lines.add(rule);
        lines.add(String.format("%-" + width + "s %9d", "TOTAL ROWS", total));
        return lines;
    }
}
