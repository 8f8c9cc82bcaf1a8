"""The JVM behind the package: finding the jar, starting one JVM per process, and turning Java
exceptions into Python ones."""

import contextlib
import os
import shlex
import threading

_lock = threading.Lock()
_started_pid = None  # the process that started the JVM in this interpreter
_show_stacktraces = os.environ.get("MMU_JAVA_STACKTRACE", "") not in ("", "0")
_java_options = []
_jar = None


class MmuError(Exception):
    """A failure reported by the mmu engine; the message is the Java message.

    ``java_class`` names the Java exception and ``java_stacktrace`` holds its stack trace (shown
    in the message only when asked: ``mmu.show_java_stacktraces(True)`` or
    ``MMU_JAVA_STACKTRACE=1``)."""

    def __init__(self, message, java_class=None, java_stacktrace=None):
        super().__init__(message)
        self.java_class = java_class
        self.java_stacktrace = java_stacktrace


class MmuInputError(MmuError, ValueError):
    """Bad input: an unknown column, a bad radius, a shard that does not exist, ..."""


class MmuFormatError(MmuError, ValueError):
    """A file or dataset that is not what it should be (named in the message)."""


class MmuStorageError(MmuError, OSError):
    """Storage that could not be read (a missing file, an unreachable server, ...)."""


_BY_JAVA_CLASS = {
    "org.mmu.core.MmuInputException": MmuInputError,
    "org.mmu.core.MmuFormatException": MmuFormatError,
    "org.mmu.core.MmuStorageException": MmuStorageError,
}


def show_java_stacktraces(show=True):
    """Whether errors carry the Java stack trace in their message (default: no)."""
    global _show_stacktraces
    _show_stacktraces = bool(show)


def configure(jar=None, java_options=None):
    """Sets the jar and extra JVM options before the JVM starts (else ``MMU_JAR`` and
    ``MMU_JAVA_OPTS``, e.g. ``-Xmx2g``)."""
    global _jar, _java_options
    import jpype
    if jpype.isJVMStarted():
        raise MmuError("the JVM is already running in this process; configure() must come before the first use of mmu")
    if jar is not None:
        _jar = str(jar)
    if java_options is not None:
        _java_options = list(java_options)


def find_jar():
    """The mmu jar: ``MMU_JAR``, else the jar installed with the package, else the build tree
    (``mmu-examples/target/mmu.jar`` above the package or the working directory)."""
    tried = []
    for candidate in _jar_candidates():
        if os.path.isfile(candidate):
            return candidate
        tried.append(candidate)
    raise MmuError("the mmu jar was not found (tried " + ", ".join(tried) + "); build it with "
                   "'mvn -DskipTests package' or set MMU_JAR to its path")


def _jar_candidates():
    if _jar:
        yield _jar
        return
    env = os.environ.get("MMU_JAR")
    if env:
        yield env
        return
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.join(here, "jars", "mmu.jar")  # copied in by 'pip install' when the jar was built
    seen = set()
    for start in (here, os.getcwd()):
        d = start
        while d not in seen:
            seen.add(d)
            yield os.path.join(d, "mmu-examples", "target", "mmu.jar")
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent


def _jpype_support_jar(jpype):
    """JPype's own jar: beside its module (upstream) or in /usr/share/java (Debian)."""
    import _jpype
    for path in (os.path.join(os.path.dirname(_jpype.__file__), "org.jpype.jar"),
                 os.path.join(os.path.dirname(jpype.__file__), "..", "org.jpype.jar"),
                 "/usr/share/java/org.jpype.jar"):
        if os.path.isfile(path):
            return [os.path.abspath(path)]
    return []  # JPype will say what it misses


def start():
    """Starts the JVM in this process if needed; refuses a JVM inherited through fork."""
    global _started_pid
    import jpype
    with _lock:
        if jpype.isJVMStarted():
            if _started_pid != os.getpid():
                raise MmuError(
                    "a JVM was started in process %s before this process (%d) was forked from it, and a JVM does not "
                    "survive fork: use mmu.torch.DataLoader (it spawns its workers when this process runs a JVM), or "
                    "pass multiprocessing_context='spawn' to the DataLoader" % (_started_pid, os.getpid()))
            return
        jar = find_jar()
        options = ["-XX:+UseParallelGC"] + _class_data_archive(jar) + shlex.split(os.environ.get("MMU_JAVA_OPTS", "")) \
            + _java_options
        jpype.startJVM(*options, classpath=[jar] + _jpype_support_jar(jpype), convertStrings=False)
        _started_pid = os.getpid()


def _class_data_archive(jar):
    """The class-data archive scripts/jvm-cache.sh records beside the jar for JDK 17, when it is newer
    than the jar: it saves each JVM (each DataLoader worker's) part of its class loading."""
    jsa = jar[:-len(".jar")] + ".jsa"
    if os.path.isfile(jsa) and os.path.getmtime(jsa) > os.path.getmtime(jar):
        return ["-XX:SharedArchiveFile=" + jsa, "-Xshare:auto", "-Xlog:cds=off"]
    return []


def started_here():
    """Whether this very process runs a JVM (a forked child would inherit a dead one)."""
    import jpype
    return jpype.isJVMStarted() and _started_pid == os.getpid()


def jclass(name):
    start()
    import jpype
    return jpype.JClass(name)


def translate(exc):
    """The Python exception for a Java exception, or None for a Python one."""
    import jpype
    if not isinstance(exc, jpype.JException):
        return None
    java_class = exc.getClass().getName()
    message = exc.getMessage()
    message = str(message) if message is not None else str(java_class)
    kind = None
    for name, k in _BY_JAVA_CLASS.items():  # the class or a subclass of it
        if isinstance(exc, jpype.JClass(name)):
            kind = k
            break
    if kind is None:
        kind = MmuError
        if not isinstance(exc, jpype.JClass("org.mmu.core.MmuException")):
            message = str(java_class) + ": " + message  # not ours: say what it is
    trace = str(exc.stacktrace())
    text = message + ("\n\nJava stack trace:\n" + trace if _show_stacktraces else "")
    return kind(text, java_class=str(java_class), java_stacktrace=trace)


@contextlib.contextmanager
def java_errors():
    """Raises Java exceptions as MmuError (and subclasses) with the Java message only."""
    try:
        yield
    except Exception as e:  # noqa: BLE001 - only Java exceptions are translated
        t = translate(e)
        if t is None:
            raise
        raise t from None
