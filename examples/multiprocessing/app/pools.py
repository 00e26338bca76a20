import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def square(x):
    return x * x


def main():
    print("start method:", multiprocessing.get_start_method())
    for method in ("spawn", "forkserver"):
        ctx = multiprocessing.get_context(method)
        with ctx.Pool(2) as pool:
            print(method, "pool:", pool.map(square, range(6)))
        with ProcessPoolExecutor(2, mp_context=ctx) as ex:
            print(method, "executor:", list(ex.map(square, range(3))))


if __name__ == "__main__":
    main()
