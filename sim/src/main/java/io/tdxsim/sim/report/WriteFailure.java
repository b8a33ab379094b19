package io.tdxsim.sim.report;

import java.nio.file.FileSystemException;
import java.util.Locale;

/** Why report files could not be written, in one line for the console. */
public final class WriteFailure {

    private WriteFailure() {
    }

    /**
     * The system's reason when there is one (the caller already names the folder); otherwise the
     * kind of failure and the file, since file-system errors often carry only a path.
     */
    public static String describe(Exception e) {
        String m;
        if (e instanceof FileSystemException f) {
            if (f.getReason() != null) {
                m = f.getReason();
            } else {
                String kind = e.getClass().getSimpleName().replace("Exception", "")
                        .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
                m = f.getFile() == null ? kind : kind + ": " + f.getFile();
            }
        } else {
            m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return m.replaceAll("\\s+", " ").trim();
    }
}
