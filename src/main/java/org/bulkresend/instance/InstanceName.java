package org.bulkresend.instance;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This instance in words, as another instance reports it: "process 4242 on batch-2". */
public final class InstanceName {

    private InstanceName() {
    }

    /** This process on this machine (in a container, the pod's or the container's host name). */
    public static String current() {
        return "process " + ProcessHandle.current().pid() + " on " + host();
    }

    static String host() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            return "an unnamed host";
        }
    }
}
