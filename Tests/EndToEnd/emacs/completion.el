;;; Batch Emacs 28 with Debian's Eglot 1.9 and editors/emacs/trackspec.el, or lsp-mode 8 and trackspec-lsp.el
;;; (whichever the init file set up): for each case, open the file,
;;; put point where the case says, run `completion-at-point' as M-TAB does, and accept the first candidate:
;;; the only one is inserted by completion-at-point itself; among several, the first in *Completions* is
;;; chosen with `choose-completion', as a click or RET there does (Eglot's exit function then applies the
;;; item's edit). With lsp-mode, the case's folder is imported as the project root first, as pressing `i' at
;;; lsp-mode's question does. Cases from $TRACKSPEC_CASES ([{file, line, col, rounds}], 0-based line, byte column);
;;; the buffers' texts as JSON in $TRACKSPEC_EMACS_OUT.
;;; Loaded after an init file editors/emacs/README.md shows (trackspec on PATH, `trackspec-setup' or
;;; `trackspec-lsp-setup').
(setq debug-on-error t)
(load (expand-file-name "helpers.el" (file-name-directory load-file-name)) nil t)

(defvar trackspec-test--done nil "A completion finished (its exit function ran).")
(advice-add 'completion--done :before (lambda (&rest _) (setq trackspec-test--done t)))

(defun trackspec-test--complete ()
  "Complete at point and accept the first candidate; return what was offered."
  (if (bound-and-true-p company-mode) (trackspec-test--company) (trackspec-test--capf)))

(defun trackspec-test--company ()
  "lsp-mode's completion front end, company-mode (lsp-mode turns it on where it is installed): its popup
at point (`company-manual-begin', what it shows after typing), and RET on the first candidate."
  (company-manual-begin)
  (let ((first (car company-candidates)))
    (when first (company-complete-selection))
    (list (if first (substring-no-properties first) "(none)"))))

(defun trackspec-test--capf ()
  "Complete at point as a user does with M-TAB, and accept the first candidate; return what was offered.
M-TAB inserts a sole candidate (finished), or the candidates' common part: then M-TAB again lists them."
  (let ((offered '()) (presses 0) (stop nil))
    (setq trackspec-test--done nil)
    (while (and (not stop) (< presses 4))
      (let ((before (buffer-string)))
        (when (get-buffer "*Completions*") (kill-buffer "*Completions*"))
        (setq presses (1+ presses))
        (completion-at-point)
        (cond
         ((get-buffer-window "*Completions*" t)
          ;; As a user does: go to the *Completions* window (M-v), to its first candidate, and RET.
          (with-selected-window (get-buffer-window "*Completions*" t)
            (goto-char (point-min))
            (next-completion 1)
            (push (buffer-substring-no-properties
                   (point) (or (next-single-property-change (point) 'mouse-face) (point-max)))
                  offered)
            (choose-completion))
          (setq stop t))
         (trackspec-test--done (push "(sole candidate)" offered) (setq stop t))
         ((equal before (buffer-string)) (setq stop t))
         (t (push "(common part)" offered)))))
    (nreverse offered)))

(let* ((cases (json-read-file (getenv "TRACKSPEC_CASES")))
       (results '()))
  (mapc
   (lambda (case)
     (let ((file (cdr (assq 'file case)))
           (line (cdr (assq 'line case)))
           (col (cdr (assq 'col case)))
           (rounds (or (cdr (assq 'rounds case)) 1))
           (offered '()))
       (trackspec-test--open file)
       (goto-char (point-min))
       (forward-line line)
       ;; The column is in bytes (the cases are ASCII).
       (forward-char col)
       (dotimes (_ rounds)
         (setq offered (append offered (trackspec-test--complete))))
       (push (list (cons 'text (buffer-substring-no-properties (point-min) (point-max)))
                   (cons 'offered (vconcat offered))
                   (cons 'managed (if (trackspec-test--managed-p) t :json-false)))
             results)))
   cases)
  (trackspec-test--write (vconcat (nreverse results))))
(trackspec-test--stop)
