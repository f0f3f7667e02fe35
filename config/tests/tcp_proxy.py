"""A TCP proxy on loopback that a test can cut and restore, to take a service away from the
app without touching the real server (which other tests and people share)."""

import contextlib
import socket
import threading

from config.tests.servers import free_port


class TcpProxy:
    """Forwards 127.0.0.1:<port> to `target`. `cut()` drops every open connection and
    refuses new ones, as a restarting server does; `restore()` accepts again on the same
    port."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._acceptor: threading.Thread | None = None
        self._serving = threading.Event()
        self.restore()

    def restore(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        listener.settimeout(0.2)  # lets the accept loop notice a cut
        self._serving.set()
        self._acceptor = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._acceptor.start()

    def cut(self) -> None:
        self._serving.clear()
        # The accept loop closes its listener when it sees the flag (a socket closed while
        # another thread waits in accept() would keep the port taken until that returns).
        if self._acceptor is not None:
            self._acceptor.join()
            self._acceptor = None
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._sockets.clear()

    close = cut

    def _accept(self, listener: socket.socket) -> None:
        with listener:
            self._accept_until_cut(listener)

    def _accept_until_cut(self, listener: socket.socket) -> None:
        while self._serving.is_set():
            try:
                client, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                if not self._serving.is_set():
                    client.close()
                    upstream.close()
                    return
                self._sockets |= {client, upstream}
            for source, destination in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, destination), daemon=True).start()

    def _pipe(self, source: socket.socket, destination: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                destination.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, destination):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            with self._lock:
                self._sockets.discard(source)
                self._sockets.discard(destination)
