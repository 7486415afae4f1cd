"""The command's entry point. Ctrl-C while the modules load (a fraction of a second) ends
the command as Ctrl-C does later: a line that says so and exit code 130, not a traceback."""
from .stopping import loading


def run() -> None:
    with loading():
        from .cli import main
    main()


if __name__ == "__main__":
    run()
