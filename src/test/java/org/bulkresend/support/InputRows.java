package org.bulkresend.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bulkresend.input.ResendRequest;
import org.bulkresend.input.ResendRequestReader;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/** Every row of an input file as the run's reader gives it, with the reason of each unusable one. */
public final class InputRows {

    private InputRows() {
    }

    public static List<ResendRequest> read(Path file) throws IOException {
        ResendRequestReader reader = new ResendRequestReader(file, false);
        reader.open(new ExecutionContext());
        try {
            List<ResendRequest> rows = new ArrayList<>();
            for (ResendRequest row = reader.read(); row != null; row = reader.read()) {
                rows.add(row);
            }
            return rows;
        }
        finally {
            reader.close();
        }
    }
}
