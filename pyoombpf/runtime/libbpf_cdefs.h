/* pyoombpf: the part of libbpf's ABI (and two libc calls) that pyoombpf.runtime uses, for cffi ABI mode.
 *
 * Written against libbpf 1.1.2 (Debian 12); every declaration here exists unchanged in libbpf 1.4+.
 * Option structs start with `sz`: libbpf accepts a struct smaller than its own, so this 1.1.2 layout keeps working
 * with newer libraries.  Enums are passed as int.  va_list is declared as `void *`: on x86-64 a va_list argument is
 * passed as a pointer to its __va_list_tag, which is all the print callback needs to forward it to vsnprintf.
 */

/* ---------------------------------------------------------------- libc */
long syscall(long number, ...);
int vsnprintf(char *str, size_t size, const char *format, void *ap);
int malloc_trim(size_t pad);

/* ---------------------------------------------------------------- libbpf: library */
uint32_t libbpf_major_version(void);
uint32_t libbpf_minor_version(void);
const char *libbpf_version_string(void);
typedef int (*libbpf_print_fn_t)(int level, const char *fmt, void *ap);
libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn);
int libbpf_strerror(int err, char *buf, size_t size);
const char *libbpf_bpf_prog_type_str(int t);
const char *libbpf_bpf_map_type_str(int t);

/* ---------------------------------------------------------------- libbpf: objects */
struct bpf_object;
struct bpf_program;
struct bpf_map;
struct bpf_link;
struct btf;

struct bpf_object_open_opts {
    size_t sz;
    const char *object_name;
    bool relaxed_maps;
    const char *pin_root_path;
    uint32_t _removed_attach_prog_fd;
    const char *kconfig;
    const char *btf_custom_path;
    char *kernel_log_buf;
    size_t kernel_log_size;
    uint32_t kernel_log_level;
};

struct bpf_object *bpf_object__open_mem(const void *obj_buf, size_t obj_buf_sz,
                                        const struct bpf_object_open_opts *opts);
int bpf_object__load(struct bpf_object *obj);
void bpf_object__close(struct bpf_object *obj);
const char *bpf_object__name(const struct bpf_object *obj);
struct btf *bpf_object__btf(const struct bpf_object *obj);
struct bpf_program *bpf_object__next_program(const struct bpf_object *obj, struct bpf_program *prog);
struct bpf_map *bpf_object__next_map(const struct bpf_object *obj, const struct bpf_map *map);
struct bpf_program *bpf_object__find_program_by_name(const struct bpf_object *obj, const char *name);
struct bpf_map *bpf_object__find_map_by_name(const struct bpf_object *obj, const char *name);

const char *bpf_program__name(const struct bpf_program *prog);
const char *bpf_program__section_name(const struct bpf_program *prog);
int bpf_program__fd(const struct bpf_program *prog);
int bpf_program__type(const struct bpf_program *prog);
int bpf_program__set_type(struct bpf_program *prog, int type);
uint32_t bpf_program__flags(const struct bpf_program *prog);
int bpf_program__set_flags(struct bpf_program *prog, uint32_t flags);
bool bpf_program__autoload(const struct bpf_program *prog);
int bpf_program__set_autoload(struct bpf_program *prog, bool autoload);
struct bpf_link *bpf_program__attach(const struct bpf_program *prog);

const char *bpf_map__name(const struct bpf_map *map);
int bpf_map__fd(const struct bpf_map *map);
int bpf_map__type(const struct bpf_map *map);
uint32_t bpf_map__key_size(const struct bpf_map *map);
uint32_t bpf_map__value_size(const struct bpf_map *map);
uint32_t bpf_map__max_entries(const struct bpf_map *map);
uint32_t bpf_map__map_flags(const struct bpf_map *map);
int bpf_map__set_map_flags(struct bpf_map *map, uint32_t flags);
uint32_t bpf_map__btf_value_type_id(const struct bpf_map *map);
const void *bpf_map__initial_value(struct bpf_map *map, size_t *psize);
bool bpf_map__is_internal(const struct bpf_map *map);
struct bpf_link *bpf_map__attach_struct_ops(const struct bpf_map *map);

int bpf_link__fd(const struct bpf_link *link);
int bpf_link__detach(struct bpf_link *link);
void bpf_link__disconnect(struct bpf_link *link);
int bpf_link__destroy(struct bpf_link *link);

/* ---------------------------------------------------------------- libbpf: low-level bpf() wrappers */
int bpf_map_update_elem(int fd, const void *key, const void *value, uint64_t flags);
int bpf_map_lookup_elem(int fd, const void *key, void *value);
int bpf_map_delete_elem(int fd, const void *key);
int bpf_map_get_next_key(int fd, const void *key, void *next_key);
int bpf_link_detach(int link_fd);
int bpf_iter_create(int link_fd);
int bpf_obj_get_info_by_fd(int bpf_fd, void *info, uint32_t *info_len);
int bpf_link_get_next_id(uint32_t start_id, uint32_t *next_id);
int bpf_link_get_fd_by_id(uint32_t id);
int bpf_map_get_fd_by_id(uint32_t id);
int bpf_prog_get_fd_by_id(uint32_t id);

struct bpf_test_run_opts {
    size_t sz;
    const void *data_in;
    void *data_out;
    uint32_t data_size_in;
    uint32_t data_size_out;
    const void *ctx_in;
    void *ctx_out;
    uint32_t ctx_size_in;
    uint32_t ctx_size_out;
    uint32_t retval;
    int repeat;
    uint32_t duration;
    uint32_t flags;
    uint32_t cpu;
    uint32_t batch_size;
};
int bpf_prog_test_run_opts(int prog_fd, struct bpf_test_run_opts *opts);

struct bpf_insn_raw { uint64_t code; };   /* one 8-byte BPF instruction, filled from bytes */
struct bpf_prog_load_opts {
    size_t sz;
    int attempts;
    int expected_attach_type;
    uint32_t prog_btf_fd;
    uint32_t prog_flags;
    uint32_t prog_ifindex;
    uint32_t kern_version;
    uint32_t attach_btf_id;
    uint32_t attach_prog_fd;
    uint32_t attach_btf_obj_fd;
    const int *fd_array;
    const void *func_info;
    uint32_t func_info_cnt;
    uint32_t func_info_rec_size;
    const void *line_info;
    uint32_t line_info_cnt;
    uint32_t line_info_rec_size;
    uint32_t log_level;
    uint32_t log_size;
    char *log_buf;
};
int bpf_prog_load(int prog_type, const char *prog_name, const char *license,
                  const struct bpf_insn_raw *insns, size_t insn_cnt, const struct bpf_prog_load_opts *opts);

/* Raw BPF_LINK_CREATE (cmd 28) for what older libbpf cannot express: the first 16 bytes of union bpf_attr's
 * link_create member.  The rest of the 128-byte attr buffer stays zero. */
struct pyoombpf_link_create {
    uint32_t prog_or_map_fd;
    uint32_t target_fd;
    uint32_t attach_type;
    uint32_t flags;
    uint8_t zero[112];
};

/* ---------------------------------------------------------------- libbpf: ring buffers */
struct ring_buffer;
typedef int (*ring_buffer_sample_fn)(void *ctx, void *data, size_t size);
struct ring_buffer_opts { size_t sz; };
struct ring_buffer *ring_buffer__new(int map_fd, ring_buffer_sample_fn sample_cb, void *ctx,
                                     const struct ring_buffer_opts *opts);
void ring_buffer__free(struct ring_buffer *rb);
int ring_buffer__poll(struct ring_buffer *rb, int timeout_ms);
int ring_buffer__consume(struct ring_buffer *rb);
int ring_buffer__epoll_fd(const struct ring_buffer *rb);

/* ---------------------------------------------------------------- libbpf: BTF */
struct btf_type { uint32_t name_off; uint32_t info; uint32_t size_or_type; };
struct btf_member { uint32_t name_off; uint32_t type; uint32_t offset; };
struct btf_param { uint32_t name_off; uint32_t type; };
struct btf_var_secinfo { uint32_t type; uint32_t offset; uint32_t size; };
struct btf_decl_tag { int32_t component_idx; };

void btf__free(struct btf *btf);
uint32_t btf__type_cnt(const struct btf *btf);
const struct btf_type *btf__type_by_id(const struct btf *btf, uint32_t id);
const char *btf__name_by_offset(const struct btf *btf, uint32_t offset);
int32_t btf__find_by_name_kind(const struct btf *btf, const char *type_name, uint32_t kind);
