"""The command's entry point. Ctrl-C while the modules load (about a second) ends the
command as Ctrl-C does later: a line that says so and exit code 130, not a traceback."""
import signal
import sys


def _stopped_while_loading(signum, frame) -> None:
    sys.stderr.write("report-check：已中止\n")
    sys.exit(130)


def run() -> None:
    # a background job started with Ctrl-C ignored (nohup, `&` in a script) keeps ignoring it
    catching = signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if catching:
        signal.signal(signal.SIGINT, _stopped_while_loading)
    from .cli import main
    if catching:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    main()


if __name__ == "__main__":
    run()
