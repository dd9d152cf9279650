package dev.pgclone.pg.connect;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Properties;
import javax.net.SocketFactory;
import jdk.net.ExtendedSocketOptions;

/**
 * Sockets with TCP keepalives tuned like pgclone 4.3.1 (idle 30 s, interval 10 s, 6 probes: a dead peer is
 * noticed in about 90 s and NAT entries stay warm). pgjdbc only offers an on/off switch, so the timings are set
 * here. pgjdbc instantiates this class by name with the connection properties as argument.
 */
public class KeepAliveSocketFactory extends SocketFactory {

    static final String IDLE = "pgclone.keepalivesIdle";
    static final String INTERVAL = "pgclone.keepalivesInterval";
    static final String COUNT = "pgclone.keepalivesCount";

    private final int idle;
    private final int interval;
    private final int count;

    public KeepAliveSocketFactory(Properties properties) {
        this.idle = intProperty(properties, IDLE, 30);
        this.interval = intProperty(properties, INTERVAL, 10);
        this.count = intProperty(properties, COUNT, 6);
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        socket.setKeepAlive(true);
        trySet(socket, ExtendedSocketOptions.TCP_KEEPIDLE, idle);
        trySet(socket, ExtendedSocketOptions.TCP_KEEPINTERVAL, interval);
        trySet(socket, ExtendedSocketOptions.TCP_KEEPCOUNT, count);
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new UnsupportedOperationException("pgjdbc connects unconnected sockets");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new UnsupportedOperationException("pgjdbc connects unconnected sockets");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw new UnsupportedOperationException("pgjdbc connects unconnected sockets");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        throw new UnsupportedOperationException("pgjdbc connects unconnected sockets");
    }

    private static void trySet(Socket socket, java.net.SocketOption<Integer> option, int value) {
        if (value <= 0) {
            return;
        }
        try {
            if (socket.supportedOptions().contains(option)) {
                socket.setOption(option, value);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Platform without per-socket timings: the system defaults apply, keepalive itself stays on.
        }
    }

    private static int intProperty(Properties p, String key, int fallback) {
        String v = p == null ? null : p.getProperty(key);
        return v == null ? fallback : Integer.parseInt(v);
    }
}
