/* C versions of a subset of the benchmark kernels: the physical reference.
 *
 * Built by bench/cbuild.py with `gcc -O3 -march=native -ffp-contract=off -shared -fPIC`.
 * -ffp-contract=off keeps a*b+c as two rounded operations, as Python, NumPy and Numba
 * (without fastmath) compute it; with fused multiply-adds Mandelbrot's escape counts and
 * the last bits of many sums would differ from the reference. No -ffast-math, for the same
 * reason: reductions keep their sequential order, as in the Python source.
 *
 * Each function follows its Python twin in bench/kernels/ line for line. Arrays arrive as
 * pointers to C-contiguous data with their sizes; outputs are allocated by the caller.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

double sum_squared(const double *x, int64_t n) {
    double total = 0.0;
    for (int64_t i = 0; i < n; i++) total += x[i] * x[i];
    return total;
}

int64_t sum_int64(const int64_t *x, int64_t n) {
    int64_t total = 0;
    for (int64_t i = 0; i < n; i++) total += x[i];
    return total;
}

int64_t mandelbrot(int64_t size, int64_t max_iter) {
    int64_t total = 0;
    for (int64_t j = 0; j < size; j++) {
        double ci = -1.5 + 3.0 * (double)j / (double)size;
        for (int64_t i = 0; i < size; i++) {
            double cr = -2.0 + 3.0 * (double)i / (double)size;
            double zr = 0.0, zi = 0.0;
            int64_t k = 0;
            while (k < max_iter && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                k++;
            }
            total += k;
        }
    }
    return total;
}

double leibniz_pi(int64_t n) {
    double s = 0.0, sign = 1.0;
    for (int64_t k = 0; k < n; k++) {
        s += sign / (double)(2 * k + 1);
        sign = -sign;
    }
    return 4.0 * s;
}

int64_t collatz_max(int64_t n) {
    int64_t best = 0;
    for (int64_t start = 1; start < n; start++) {
        int64_t m = start, steps = 0;
        while (m != 1) {
            if (m % 2 == 0) m = m / 2;
            else m = 3 * m + 1;
            steps++;
        }
        if (steps > best) best = steps;
    }
    return best;
}

int64_t primes_trial(int64_t n) {
    int64_t count = 0;
    for (int64_t m = 2; m < n; m++) {
        int prime = 1;
        for (int64_t d = 2; d * d <= m; d++)
            if (m % d == 0) {
                prime = 0;
                break;
            }
        count += prime;
    }
    return count;
}

int64_t gcd_sum(int64_t n) {
    int64_t total = 0;
    for (int64_t i = 1; i < n; i++)
        for (int64_t j = 1; j < n; j++) {
            int64_t a = i, b = j;
            while (b != 0) {
                int64_t t = a % b;
                a = b;
                b = t;
            }
            total += a;
        }
    return total;
}

double trapezoid_sin(int64_t n) {
    const double pi = 3.141592653589793;
    double h = pi / (double)n;
    double s = 0.5 * (sin(0.0) + sin(pi) * exp(-pi / 4.0));
    for (int64_t i = 1; i < n; i++) {
        double x = (double)i * h;
        s += sin(x) * exp(-x / 4.0);
    }
    return s * h;
}

double nbody(const double *pos0, const double *vel0, const double *mass, int64_t n,
             int64_t steps, double dt) {
    double *pos = malloc(sizeof(double) * 3 * n), *vel = malloc(sizeof(double) * 3 * n);
    memcpy(pos, pos0, sizeof(double) * 3 * n);
    memcpy(vel, vel0, sizeof(double) * 3 * n);
    for (int64_t s = 0; s < steps; s++) {
        for (int64_t i = 0; i < n; i++) {
            double ax = 0.0, ay = 0.0, az = 0.0;
            for (int64_t j = 0; j < n; j++) {
                double dx = pos[3 * j] - pos[3 * i];
                double dy = pos[3 * j + 1] - pos[3 * i + 1];
                double dz = pos[3 * j + 2] - pos[3 * i + 2];
                double r2 = dx * dx + dy * dy + dz * dz + 0.01;
                double inv = mass[j] / (r2 * sqrt(r2));
                ax += dx * inv;
                ay += dy * inv;
                az += dz * inv;
            }
            vel[3 * i] += dt * ax;
            vel[3 * i + 1] += dt * ay;
            vel[3 * i + 2] += dt * az;
        }
        for (int64_t i = 0; i < 3 * n; i++) pos[i] += dt * vel[i];
    }
    double e = 0.0;
    for (int64_t i = 0; i < n; i++)
        e += 0.5 * mass[i] * (vel[3 * i] * vel[3 * i] + vel[3 * i + 1] * vel[3 * i + 1] +
                              vel[3 * i + 2] * vel[3 * i + 2]);
    free(pos);
    free(vel);
    return e;
}

static double cnd(double d) {
    double k = 1.0 / (1.0 + 0.2316419 * fabs(d));
    double w = 0.3989422804014327 * exp(-0.5 * d * d) * k *
               (0.31938153 + k * (-0.356563782 + k * (1.781477937 + k * (-1.821255978 + k * 1.330274429))));
    return d > 0 ? 1.0 - w : w;
}

void black_scholes(const double *S, const double *K, const double *T, double r, double v,
                   double *call, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        double sqrt_t = sqrt(T[i]);
        double d1 = (log(S[i] / K[i]) + (r + 0.5 * v * v) * T[i]) / (v * sqrt_t);
        double d2 = d1 - v * sqrt_t;
        call[i] = S[i] * cnd(d1) - K[i] * exp(-r * T[i]) * cnd(d2);
    }
}

/* u holds the input on entry and the result on exit; tmp is scratch of the same size. */
void stencil1d(double *u, double *tmp, int64_t n, int64_t steps) {
    memcpy(tmp, u, sizeof(double) * n);
    double *a = u, *b = tmp;
    for (int64_t s = 0; s < steps; s++) {
        for (int64_t i = 1; i < n - 1; i++) b[i] = a[i] + 0.25 * (a[i - 1] - 2.0 * a[i] + a[i + 1]);
        double *t = a; a = b; b = t;
    }
    if (a != u) memcpy(u, a, sizeof(double) * n);
}

void stencil2d(double *u, double *tmp, int64_t n, int64_t m, int64_t steps) {
    memcpy(tmp, u, sizeof(double) * n * m);
    double *a = u, *b = tmp;
    for (int64_t s = 0; s < steps; s++) {
        for (int64_t i = 1; i < n - 1; i++)
            for (int64_t j = 1; j < m - 1; j++)
                b[i * m + j] = 0.25 * (a[(i - 1) * m + j] + a[(i + 1) * m + j] + a[i * m + j - 1] + a[i * m + j + 1]);
        double *t = a; a = b; b = t;
    }
    if (a != u) memcpy(u, a, sizeof(double) * n * m);
}

void stencil3d(double *u, double *tmp, int64_t n0, int64_t n1, int64_t n2, int64_t steps) {
    int64_t s1 = n2, s0 = n1 * n2, total = n0 * n1 * n2;
    memcpy(tmp, u, sizeof(double) * total);
    double *a = u, *b = tmp;
    for (int64_t s = 0; s < steps; s++) {
        for (int64_t i = 1; i < n0 - 1; i++)
            for (int64_t j = 1; j < n1 - 1; j++)
                for (int64_t k = 1; k < n2 - 1; k++) {
                    int64_t c = i * s0 + j * s1 + k;
                    b[c] = (a[c - s0] + a[c + s0] + a[c - s1] + a[c + s1] + a[c - 1] + a[c + 1]) / 6.0;
                }
        double *t = a; a = b; b = t;
    }
    if (a != u) memcpy(u, a, sizeof(double) * total);
}

void pairwise(const double *X, double *D, int64_t n, int64_t d) {
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++) {
            double s = 0.0;
            for (int64_t k = 0; k < d; k++) {
                double t = X[i * d + k] - X[j * d + k];
                s += t * t;
            }
            D[i * n + j] = sqrt(s);
        }
}

int64_t edit_distance(const int64_t *a, int64_t m, const int64_t *b, int64_t n) {
    int64_t w = n + 1;
    int64_t *D = calloc((size_t)(m + 1) * (size_t)w, sizeof(int64_t));
    for (int64_t i = 0; i <= m; i++) D[i * w] = i;
    for (int64_t j = 0; j <= n; j++) D[j] = j;
    for (int64_t i = 1; i <= m; i++)
        for (int64_t j = 1; j <= n; j++) {
            int64_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int64_t x = D[(i - 1) * w + j] + 1, y = D[i * w + j - 1] + 1, z = D[(i - 1) * w + j - 1] + cost;
            int64_t best = x < y ? x : y;
            D[i * w + j] = best < z ? best : z;
        }
    int64_t r = D[m * w + n];
    free(D);
    return r;
}

int64_t knapsack(const int64_t *weights, const int64_t *values, int64_t n, int64_t capacity) {
    int64_t *best = calloc((size_t)capacity + 1, sizeof(int64_t));
    for (int64_t i = 0; i < n; i++) {
        int64_t w = weights[i], val = values[i];
        for (int64_t c = capacity; c > w - 1; c--) {
            int64_t cand = best[c - w] + val;
            if (cand > best[c]) best[c] = cand;
        }
    }
    int64_t r = best[capacity];
    free(best);
    return r;
}

void histogram(const double *x, int64_t n, int64_t *counts, int64_t nbins) {
    memset(counts, 0, sizeof(int64_t) * nbins);
    for (int64_t i = 0; i < n; i++) counts[(int64_t)(x[i] * (double)nbins)] += 1;
}

int64_t crc32(const uint8_t *data, int64_t n) {
    int64_t crc = 0xFFFFFFFF;
    for (int64_t i = 0; i < n; i++) {
        crc ^= data[i];
        for (int k = 0; k < 8; k++) crc = (crc & 1) ? ((crc >> 1) ^ 0xEDB88320) : (crc >> 1);
    }
    return crc ^ 0xFFFFFFFF;
}

int64_t sieve(int64_t n) {
    uint8_t *flags = malloc((size_t)n + 1);
    memset(flags, 1, (size_t)n + 1);
    flags[0] = flags[1] = 0;
    for (int64_t i = 2; i * i <= n; i++)
        if (flags[i])
            for (int64_t j = i * i; j <= n; j += i) flags[j] = 0;
    int64_t count = 0;
    for (int64_t i = 0; i <= n; i++) count += flags[i];
    free(flags);
    return count;
}

void matmul(const double *A, const double *B, double *C, int64_t n, int64_t m, int64_t p) {
    memset(C, 0, sizeof(double) * n * p);
    for (int64_t i = 0; i < n; i++)
        for (int64_t k = 0; k < m; k++) {
            double a = A[i * m + k];
            for (int64_t j = 0; j < p; j++) C[i * p + j] += a * B[k * p + j];
        }
}

void cumsum(const double *x, double *out, int64_t n) {
    double s = 0.0;
    for (int64_t i = 0; i < n; i++) {
        s += x[i];
        out[i] = s;
    }
}

void insertion_sort(const double *x, double *a, int64_t n) {
    memcpy(a, x, sizeof(double) * n);
    for (int64_t i = 1; i < n; i++) {
        double key = a[i];
        int64_t j = i - 1;
        while (j >= 0 && a[j] > key) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = key;
    }
}

/* Whole-array kernels, fused by hand into one loop: what array-expression fusion can reach. */
void axpy_chain(double a, const double *x, const double *y, const double *z, double *out, int64_t n) {
    for (int64_t i = 0; i < n; i++) out[i] = a * (a * (a * x[i] + y[i]) + z[i]) + x[i];
}

void slice_stencil1d(const double *u, double *out, int64_t n) {
    for (int64_t i = 0; i < n - 2; i++) out[i] = 0.25 * u[i] + 0.5 * u[i + 1] + 0.25 * u[i + 2];
}
